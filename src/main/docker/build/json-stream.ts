import type { Readable } from 'node:stream'
import { LineSplitter } from '../line-splitter'

/** Reads a stream of concatenated JSON objects (one per line, as the engine sends progress). */
export async function* readJsonMessages<T>(stream: Readable): AsyncGenerator<T> {
  const lines = new LineSplitter()
  for await (const chunk of stream) {
    for (const line of lines.push(chunk as Buffer | string)) if (line.trim() !== '') yield parseLine<T>(line.trim())
  }
  for (const line of lines.flush()) if (line.trim() !== '') yield parseLine<T>(line.trim())
}

function parseLine<T>(line: string): T {
  try {
    return JSON.parse(line) as T
  } catch {
    return { stream: `${line}\n` } as T
  }
}
