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

describe('who talks to main', () => {
  it('only store modules import the api client', () => {
    const importing = sources(renderer)
      .map((file) => path.relative(renderer, file).split(path.sep).join('/'))
      .filter((file) => file !== 'api.ts' && !file.startsWith('store/'))
      .filter((file) => /from '(\.\.\/|\.\/)+api'/.test(readFileSync(path.join(renderer, file), 'utf8')))
    expect(importing).toEqual([])
  })
})
