// One layer talks to main: only modules under src/renderer/store/ import the api client; components and
// views read stores and call their actions.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const renderer = path.resolve(__dirname, '../../src/renderer')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) return sources(file)
    return /\.tsx?$/.test(name) ? [file] : []
  })
}

/** Files another part of issue 13 is moving into store/operations.ts and store/build.ts; remove them from here as they move. */
const MOVING = new Set(['components/build/BuildDialog.tsx', 'components/containers/LogsPanel.tsx'])

describe('who talks to main', () => {
  it('only store modules import the api client', () => {
    const importing = sources(renderer)
      .map((file) => path.relative(renderer, file).split(path.sep).join('/'))
      .filter((file) => file !== 'api.ts' && !file.startsWith('store/'))
      .filter((file) => /from '(\.\.\/|\.\/)+api'/.test(readFileSync(path.join(renderer, file), 'utf8')))
    const unexpected = importing.filter((file) => !MOVING.has(file))
    if (importing.some((file) => MOVING.has(file))) console.warn(`still to move into stores: ${importing.filter((f) => MOVING.has(f)).join(', ')}`)
    expect(unexpected).toEqual([])
  })
})
