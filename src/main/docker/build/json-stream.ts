import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

/** Reads a stream of concatenated JSON objects (one per line, as the engine sends progress). */
export async function* readJsonMessages<T>(stream: Readable): AsyncGenerator<T> {
  let buffered = ''
  const decoder = new StringDecoder('utf8')
  for await (const chunk of stream) {
    buffered += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer)
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim()
      buffered = buffered.slice(newline + 1)
      if (line !== '') yield parseLine<T>(line)
      newline = buffered.indexOf('\n')
    }
  }
  const rest = buffered.trim()
  if (rest !== '') yield parseLine<T>(rest)
}

function parseLine<T>(line: string): T {
  try {
    return JSON.parse(line) as T
  } catch {
    return { stream: `${line}\n` } as T
  }
}
