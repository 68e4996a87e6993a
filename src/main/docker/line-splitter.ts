import { StringDecoder } from 'node:string_decoder'

/**
 * Splits a stream's chunks into lines. A chunk may end inside a line (or inside a UTF-8 character): that
 * tail waits for the next chunk, and `flush` hands it on when the stream ends.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private partial = ''

  push(chunk: Buffer | string): string[] {
    const lines = (this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))).split('\n')
    this.partial = lines.pop() ?? ''
    return lines
  }

  flush(): string[] {
    const rest = this.partial + this.decoder.end()
    this.partial = ''
    return rest === '' ? [] : [rest]
  }
}
