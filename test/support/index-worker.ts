// The image files' index worker outside the Electron app. Tests run it from its TypeScript source (the worker
// thread registers tsx before it loads the source); the bench runs the script electron-vite bundles, as the app
// does, because tsx's loader in a worker doubles the CPU the indexing takes.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { StartIndexWorker } from '../../src/main/docker/images/layers'

const tsx = import.meta.resolve('tsx/esm/api')
const source = new URL('../../src/main/docker/images/layers/index-worker.ts', import.meta.url).href
const loader = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}) })`

// execArgv: [] so a worker does not inherit the parent's own loader flags (tsx's, when run by tsx).
export const sourceIndexWorker: StartIndexWorker = (options) => new Worker(loader, { ...options, eval: true, execArgv: [] })

const builtChunks = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/main/chunks')

/** The bundled worker script of the last `electron-vite build`, or null when there is none. */
export function builtIndexWorkerScript(): string | null {
  const found = (() => {
    try {
      return readdirSync(builtChunks).filter((name) => /^index-worker-[0-9a-f]+\.js$/.test(name))
    } catch {
      return []
    }
  })()
  if (found.length > 1) throw new Error(`${builtChunks} holds ${found.length} index worker scripts; run electron-vite build again`)
  return found[0] ? path.join(builtChunks, found[0]) : null
}

export const builtIndexWorker =
  (script: string): StartIndexWorker =>
  (options) =>
    new Worker(script, { ...options, execArgv: [] })
