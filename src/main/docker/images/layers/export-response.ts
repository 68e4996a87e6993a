// The engine's HTTP/1.1 answer to the export request, read from the raw bytes of its connection (the reading
// thread puts them in a shared ring, so Node's HTTP client, which wants the socket to itself, is not used).
// It is one answer to one GET: a status line, header fields, and a body framed as RFC 9112 says: chunked,
// by Content-Length, or up to the connection's close. A 200's body goes to `onBody`; any other status ends
// in an error shaped as docker-modem's ("(HTTP code 404) Not Found - <the engine's message>"), so it is
// said as the engine's other errors are.

/** The most of the status line and header fields, and of an error answer's body, that is read. */
const HEAD_LIMIT = 64 * 1024
const ERROR_BODY_LIMIT = 64 * 1024

type State = 'head' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'body' | 'done'

const CRLF = Buffer.from('\r\n')
const HEAD_END = Buffer.from('\r\n\r\n')

/** The engine closed the connection inside its answer: said as Node's HTTP client says it. */
const cutShort = () => Object.assign(new Error('aborted'), { code: 'ECONNRESET' })

const malformed = (what: string) => new Error(`The engine's answer to the export request is not valid HTTP (${what}).`)

export class ExportResponse {
  private state: State = 'head'
  /** Bytes of a line (or of the head) split across chunks. */
  private pending = Buffer.alloc(0)
  private status = 0
  private reason = ''
  /** Body bytes left in this chunk (chunked) or in the whole body (Content-Length); -1 for a body up to close. */
  private remaining = 0
  private readonly errorBody: Buffer[] = []
  private errorBytes = 0

  constructor(private readonly onBody: (part: Buffer) => void) {}

  /** Takes the connection's next bytes; throws the engine's refusal once its answer is complete. */
  write(chunk: Buffer): void {
    let at = 0
    while (at < chunk.length && this.state !== 'done') {
      if (this.state === 'chunk-data' || this.state === 'body') {
        const take = this.remaining < 0 ? chunk.length - at : Math.min(this.remaining, chunk.length - at)
        this.take(at === 0 && take === chunk.length ? chunk : chunk.subarray(at, at + take))
        at += take
        if (this.remaining < 0) continue
        this.remaining -= take
        if (this.remaining === 0) this.state = this.state === 'body' ? 'done' : 'chunk-end'
        continue
      }
      const line = this.line(chunk, at)
      if (line === null) return
      at = line.next
      this.onLine(line.text)
    }
    if (this.state === 'done') this.refuse()
  }

  /** The connection has closed: throws if the answer was cut short (or the engine's refusal). */
  end(): void {
    if (this.state === 'body' && this.remaining < 0) this.state = 'done'
    if (this.state !== 'done') throw cutShort()
    this.refuse()
  }

  /** The next CRLF-ended line from `at` (for the head: the whole head up to its empty line), or null to wait for more bytes. */
  private line(chunk: Buffer, at: number): { text: string; next: number } | null {
    const end = this.state === 'head' || this.state === 'trailers' ? HEAD_END : CRLF
    const joined = this.pending.length > 0 ? Buffer.concat([this.pending, chunk.subarray(at)]) : chunk.subarray(at)
    const found = this.state === 'trailers' && joined.subarray(0, 2).equals(CRLF) ? 0 : joined.indexOf(end)
    if (found < 0) {
      if (joined.length > HEAD_LIMIT) throw malformed('its header is too long')
      this.pending = Buffer.from(joined)
      return null
    }
    const length = found === 0 && this.state === 'trailers' ? 2 : found + end.length
    const next = at + length - this.pending.length
    this.pending = Buffer.alloc(0)
    return { text: joined.toString('latin1', 0, found), next }
  }

  private onLine(text: string): void {
    switch (this.state) {
      case 'head':
        return this.onHead(text)
      case 'chunk-size': {
        const size = /^([0-9a-fA-F]+)[ \t]*(?:;.*)?$/.exec(text)
        if (!size) throw malformed(`a chunk size of "${text.slice(0, 20)}"`)
        this.remaining = parseInt(size[1]!, 16)
        this.state = this.remaining === 0 ? 'trailers' : 'chunk-data'
        return
      }
      case 'chunk-end':
        if (text !== '') throw malformed('a chunk runs past its size')
        this.state = 'chunk-size'
        return
      case 'trailers':
        this.state = 'done'
        return
    }
  }

  private onHead(head: string): void {
    const [statusLine, ...fields] = head.split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine!)
    if (!status) throw malformed(`a status line of "${statusLine!.slice(0, 40)}"`)
    this.status = Number(status[1])
    // An interim answer (100 Continue): the real one follows.
    if (this.status >= 100 && this.status < 200) return
    this.reason = status[2] ?? ''
    const field = (name: string) => {
      const values = fields.filter((f) => f.slice(0, name.length + 1).toLowerCase() === `${name}:`).map((f) => f.slice(name.length + 1).trim())
      return values.length > 0 ? values.join(', ') : null
    }
    const encoding = field('transfer-encoding')
    const length = field('content-length')
    if (encoding !== null) {
      if (!/(^|,)\s*chunked\s*$/i.test(encoding)) throw malformed(`a transfer coding of "${encoding}"`)
      this.state = 'chunk-size'
    } else if (length !== null) {
      if (!/^\d+$/.test(length)) throw malformed(`a Content-Length of "${length}"`)
      this.remaining = Number(length)
      this.state = this.remaining === 0 ? 'done' : 'body'
    } else if (this.status === 204 || this.status === 304) {
      this.state = 'done'
    } else {
      this.remaining = -1
      this.state = 'body'
    }
  }

  private take(part: Buffer): void {
    if (this.status === 200) return this.onBody(part)
    if (this.errorBytes >= ERROR_BODY_LIMIT) return
    const kept = part.subarray(0, ERROR_BODY_LIMIT - this.errorBytes)
    this.errorBody.push(Buffer.from(kept))
    this.errorBytes += kept.length
  }

  /** A complete answer that is not a 200: the engine's error, as docker-modem gives it. */
  private refuse(): void {
    if (this.status === 200) return
    const body = Buffer.concat(this.errorBody).toString('utf8')
    let json: unknown = null
    try {
      json = JSON.parse(body)
    } catch {
      // Not JSON: the reason phrase and body say it.
    }
    const said = (json as { message?: string } | null)?.message ?? body.trim()
    throw Object.assign(new Error(`(HTTP code ${this.status}) ${this.reason} - ${said}`), { statusCode: this.status, json })
  }
}
