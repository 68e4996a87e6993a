import { fork } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/atomic-writer.ts')
const full = new Set(['A', 'B', 'O'].map((letter) => `${letter}\n`.repeat(2_000_000)))

it('a kill during save never leaves a truncated Dockerfile', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-atomic-'))
  const file = path.join(dir, 'Dockerfile')
  await writeFile(file, 'O\n'.repeat(2_000_000))
  try {
    for (let round = 0; round < 8; round++) {
      const child = fork(writer, [file], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      await new Promise<void>((resolve) => child.once('message', () => resolve()))
      // Kill at a different moment of the write each round.
      await new Promise((r) => setTimeout(r, 20 + round * 37))
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
      const content = await readFile(file, 'utf8')
      expect(full.has(content), `round ${round}: file has ${content.length} bytes, not a whole version`).toBe(true)
    }
    // Only temp files may be left beside it, never a second Dockerfile-like file.
    const leftovers = (await readdir(dir)).filter((name) => name !== 'Dockerfile')
    expect(leftovers.every((name) => name.startsWith('.Dockerfile.') && name.endsWith('.tmp'))).toBe(true)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}, 60_000)
