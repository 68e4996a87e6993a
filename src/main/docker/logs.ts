import { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import type { LogLine } from '../../shared/ipc/channels/containers'
import type { OperationSnapshot } from '../../shared/ipc/channels/operations'
import type { Operations } from '../operations'
import { FrameReader } from './containers/log-frames'
import { LineSplitter } from './line-splitter'

type StreamName = LogLine['stream']

/** `2024-05-01T10:00:00.123456789Z message` → time and text (the engine adds the stamp when asked). */
export function splitTimestamp(line: string): { time: string; text: string } {
  const space = line.indexOf(' ')
  if (space > 0 && /^\d{4}-\d\d-\d\dT/.test(line)) return { time: line.slice(0, space), text: line.slice(space + 1) }
  return { time: '', text: line }
}

const toLine = (stream: StreamName, raw: string): LogLine => {
  const { time, text } = splitTimestamp(raw.endsWith('\r') ? raw.slice(0, -1) : raw)
  return { stream, text, time }
}

/**
 * Reads a log stream in the engine's format: multiplexed frames (stdout and stderr told apart, in the order
 * they were written), or raw text for containers with a TTY. Calls `onLines` synchronously as lines complete.
 */
export function readLogStream(stream: Readable, tty: boolean, onLines: (lines: LogLine[]) => void, onEnd: () => void): void {
  const splitters: Record<StreamName, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() }
  const writer = (name: StreamName) => ({
    write: (chunk: Buffer) => {
      const lines = splitters[name].push(chunk)
      if (lines.length) onLines(lines.map((l) => toLine(name, l)))
      return true
    }
  })
  const writers = { stdout: writer('stdout'), stderr: writer('stderr') }
  if (tty) stream.on('data', (chunk: Buffer) => writers.stdout.write(chunk))
  else {
    const frames = new FrameReader((name, payload) => writers[name].write(payload))
    stream.on('data', (chunk: Buffer) => frames.push(chunk))
  }
  let ended = false
  const finish = () => {
    if (ended) return
    ended = true
    const rest = [...splitters.stdout.flush().map((l) => toLine('stdout', l)), ...splitters.stderr.flush().map((l) => toLine('stderr', l))]
    if (rest.length) onLines(rest)
    onEnd()
  }
  stream.on('end', finish)
  stream.on('close', finish)
  stream.on('error', finish)
}

/**
 * Follows a container's log (with timestamps), handing lines on as they complete; resolves when the log ends
 * (the container stopped) or the signal closed the engine's stream. Batching is the operation's job.
 */
export async function followContainerLogs(
  docker: Dockerode,
  id: string,
  options: { tail: number | null; signal: AbortSignal; tty: boolean; exited?: boolean },
  onLines: (lines: LogLine[]) => void
): Promise<void> {
  const container = docker.getContainer(id)
  // The log of a container that has exited is read without follow: following it, Podman 5.4 ends the stream
  // after part of the log (35,272 of 100,000 lines); it gives all of it without follow.
  const follow = !options.exited
  const answer = (await container.logs({
    follow,
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(options.tail === null ? {} : { tail: options.tail }),
    abortSignal: options.signal
  } as never)) as unknown as Readable | Buffer
  const stream = asStream(answer)
  await new Promise<void>((resolve) => {
    const stop = () => stream.destroy()
    options.signal.addEventListener('abort', stop, { once: true })
    readLogStream(stream, options.tty, (lines) => options.signal.aborted || onLines(lines), () => {
      options.signal.removeEventListener('abort', stop)
      resolve()
    })
  })
}

/**
 * `docker logs --follow` as an operation: its lines are the items, and it ends when the container stops.
 * A container that is not there is refused at once, as any other container call.
 */
export async function startLogFollow(operations: Operations, docker: Dockerode, id: string, tail: number | null): Promise<OperationSnapshot<'logs'>> {
  const info = await docker.getContainer(id).inspect()
  const tty = Boolean(info.Config.Tty)
  const exited = !info.State.Running && !info.State.Restarting
  return operations.start('logs', { containerId: info.Id }, async (op) => {
    await followContainerLogs(docker, info.Id, { tail, signal: op.signal, tty, exited }, (lines) => op.push(lines))
    return null
  })
}

/** Without follow, the engine answers with the whole (multiplexed) log at once, which dockerode hands over as a Buffer. */
function asStream(answer: Readable | Buffer | string): Readable {
  if (answer instanceof Readable) return answer
  return Readable.from([Buffer.isBuffer(answer) ? answer : Buffer.from(String(answer))])
}

/** The whole log (or its last `tail` lines) at once, without following. */
export async function readContainerLogs(docker: Dockerode, id: string, tail: number | null): Promise<LogLine[]> {
  const container = docker.getContainer(id)
  const info = await container.inspect()
  const stream = asStream((await container.logs({ follow: false, stdout: true, stderr: true, timestamps: true, ...(tail === null ? {} : { tail }) })) as unknown as Buffer)
  return new Promise((resolve) => {
    const lines: LogLine[] = []
    readLogStream(stream, Boolean(info.Config.Tty), (batch) => lines.push(...batch), () => resolve(lines))
  })
}

/** Plain text for a log file: `[time] [stderr] text` per line. */
export function formatLogFile(lines: LogLine[], timestamps: boolean): string {
  return lines.map((l) => `${timestamps && l.time ? `${l.time} ` : ''}${l.stream === 'stderr' ? '[stderr] ' : ''}${l.text}\n`).join('')
}
