// The long-operations registry (src/main/operations.ts): main makes the ids, progress leaves in bounded
// batches and in order, the end comes after the last items, cancel aborts the run, and only the last
// finished operations are kept.
import { describe, expect, it } from 'vitest'
import { Operations } from '../../src/main/operations'
import type { OperationUpdate } from '../../src/shared/ipc/channels/operations'
import type { LogLine } from '../../src/shared/ipc/channels/containers'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function registry(options: { batchMs?: number; maxItems?: number; keepFinished?: number } = {}) {
  const batches: OperationUpdate[][] = []
  const operations = new Operations({ emit: (updates) => batches.push(updates), batchMs: 20, ...options })
  const updatesOf = (id: string) => batches.flat().filter((u) => u.id === id)
  return { operations, batches, updatesOf }
}

const line = (n: number): LogLine => ({ stream: 'stdout', text: `line ${n}`, time: '' })
const logsItems = (updates: OperationUpdate[]): LogLine[] => updates.flatMap((u) => (u.kind === 'logs' ? u.items : []))

/** A logs operation whose run the test drives: push lines, then end it or leave it to be cancelled. */
function startDriven(operations: Operations) {
  let push: (lines: LogLine[]) => void = () => {}
  let finish: () => void = () => {}
  const snapshot = operations.start('logs', { containerId: 'c1' }, (op) => {
    push = (lines) => op.push(lines)
    return new Promise<null>((resolve) => {
      finish = () => resolve(null)
      op.signal.addEventListener('abort', () => resolve(null))
    })
  })
  return { snapshot, push: (lines: LogLine[]) => push(lines), finish: () => finish() }
}

describe('ids', () => {
  it('are made by main, random (UUIDs), never reused; an id main did not make is refused', async () => {
    const { operations } = registry()
    const ids = new Set<string>()
    for (let i = 0; i < 500; i++) ids.add(operations.start('logs', { containerId: 'c' }, async () => null).id)
    expect(ids.size).toBe(500)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    await expect(operations.cancel('logs-1')).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/not known here/) })
    await expect(operations.wait('pull-1700000000000-abc')).rejects.toMatchObject({ code: 'not-found' })
    operations.dispose()
  })
})

describe('batches', () => {
  it('gathers progress for a moment and sends it as one batch, keyed by id, in order', async () => {
    const { operations, batches, updatesOf } = registry()
    const op = startDriven(operations)
    await sleep(0)
    op.push([line(1)])
    op.push([line(2), line(3)])
    expect(batches).toHaveLength(0)
    await sleep(60)
    expect(batches).toHaveLength(1)
    expect(batches[0]).toHaveLength(1)
    expect(batches[0]![0]).toMatchObject({ id: op.snapshot.id, kind: 'logs', state: 'running', status: { containerId: 'c1' } })
    expect(logsItems(updatesOf(op.snapshot.id)).map((l) => l.text)).toEqual(['line 1', 'line 2', 'line 3'])
    operations.dispose()
  })

  it('cuts a flood into bounded batches at once, and the end comes after the last of them', async () => {
    const { operations, batches, updatesOf } = registry({ maxItems: 1000, batchMs: 1000 })
    const op = startDriven(operations)
    await sleep(0)
    // 25,000 lines, one push each, as fast as a container can write them.
    for (let i = 1; i <= 25_000; i++) op.push([line(i)])
    op.finish()
    await operations.wait(op.snapshot.id)
    const updates = updatesOf(op.snapshot.id)
    expect(Math.max(...updates.map((u) => (u.kind === 'logs' ? u.items.length : 0)))).toBeLessThanOrEqual(1000)
    expect(batches.length).toBeLessThanOrEqual(27)
    expect(logsItems(updates).map((l) => l.text)).toEqual(Array.from({ length: 25_000 }, (_, i) => `line ${i + 1}`))
    // Only the last update says it ended; the ones before it carried lines still on their way.
    expect(updates.slice(0, -1).every((u) => u.state === 'running' && u.endedAt === null)).toBe(true)
    expect(updates.at(-1)).toMatchObject({ state: 'finished', endedAt: expect.any(Number) })
    operations.dispose()
  })

  it('sends a status snapshot that later changes do not alter', async () => {
    const { operations, updatesOf } = registry()
    const progress = { reference: 'busybox:latest', layers: [] as { id: string; status: string; current: number; total: number }[], status: 'Starting' }
    let step: () => void = () => {}
    const snapshot = operations.start('pull', progress, (op) => {
      return new Promise((resolve) => {
        step = () => {
          progress.layers.push({ id: 'abc', status: 'Downloading', current: 1, total: 2 })
          op.setStatus(progress)
          setTimeout(() => {
            progress.layers[0]!.status = 'Pull complete'
            op.setStatus(progress)
            resolve({ reference: 'busybox:latest', id: 'sha256:1' })
          }, 60)
        }
      })
    })
    await sleep(0)
    step()
    const final = await operations.wait(snapshot.id)
    const statuses = updatesOf(snapshot.id).map((u) => (u.kind === 'pull' ? u.status.layers.map((l) => l.status).join() : ''))
    expect(statuses).toContain('Downloading')
    expect(statuses.at(-1)).toBe('Pull complete')
    expect(final).toMatchObject({ state: 'finished', result: { reference: 'busybox:latest', id: 'sha256:1' }, error: null })
    operations.dispose()
  })
})

describe('states', () => {
  it('finished with the result, failed with the error in words, cancelled through the signal', async () => {
    const { operations, updatesOf } = registry()
    const ok = operations.start('pull', { reference: 'a:1', layers: [], status: '' }, async () => ({ reference: 'a:1', id: 'sha256:a' }))
    const bad = operations.start('pull', { reference: 'b:1', layers: [], status: '' }, async () => {
      throw new Error('Could not reach example.com to pull b:1')
    })
    expect(ok.state).toBe('running')
    expect(await operations.wait(ok.id)).toMatchObject({ state: 'finished', result: { id: 'sha256:a' } })
    expect(await operations.wait(bad.id)).toMatchObject({ state: 'failed', error: 'Could not reach example.com to pull b:1', result: null })

    let aborted = false
    const long = operations.start('logs', { containerId: 'c' }, (op) => new Promise((_, reject) => op.signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))))
    await sleep(30)
    const cancelled = await operations.cancel(long.id)
    expect(aborted).toBe(true)
    expect(cancelled).toMatchObject({ state: 'cancelled', error: null })
    expect(updatesOf(long.id).at(-1)).toMatchObject({ state: 'cancelled' })
    // Cancelling again, or an ended operation, answers with how it ended.
    expect(await operations.cancel(long.id)).toMatchObject({ state: 'cancelled' })
    expect(await operations.cancel(ok.id)).toMatchObject({ state: 'finished' })
    operations.dispose()
  })

  it('a run that returns normally after cancel is still cancelled, and pushes after the end are dropped', async () => {
    const { operations, updatesOf } = registry()
    let push: (lines: LogLine[]) => void = () => {}
    const op = operations.start('logs', { containerId: 'c' }, async (control) => {
      push = (lines) => control.push(lines)
      await new Promise((resolve) => control.signal.addEventListener('abort', resolve))
      return null
    })
    await sleep(0)
    expect(await operations.cancel(op.id)).toMatchObject({ state: 'cancelled' })
    const count = updatesOf(op.id).length
    push([line(1)])
    await sleep(60)
    expect(updatesOf(op.id)).toHaveLength(count)
    operations.dispose()
  })

  it('keeps only the last finished ones, newest first; running ones always stay', async () => {
    const { operations } = registry({ keepFinished: 3 })
    const running = startDriven(operations)
    const done: string[] = []
    for (let i = 0; i < 5; i++) {
      const op = operations.start('logs', { containerId: `c${i}` }, async () => null)
      await operations.wait(op.id)
      done.push(op.id)
      await sleep(2)
    }
    const listed = operations.list().map((o) => o.id)
    expect(listed).toEqual([done[4], done[3], done[2], running.snapshot.id])
    expect(operations.get(done[0]!)).toBeNull()
    operations.dispose()
  })

  it('dispose cancels what is running', async () => {
    const { operations } = registry()
    const op = startDriven(operations)
    operations.dispose()
    expect(await operations.wait(op.snapshot.id)).toMatchObject({ state: 'cancelled' })
  })
})

describe('operations whose work runs elsewhere (builds)', () => {
  it('take the same ids, events and cancel', async () => {
    const { operations, updatesOf } = registry()
    let cancels = 0
    const record = { id: 'b1' } as never
    const first = operations.track('build', 'b1', record, () => cancels++)
    const again = operations.track('build', 'b1', record, () => cancels++)
    first.push(['Step 1/2 : FROM busybox'])
    again.push(['Step 2/2 : RUN true'])
    const cancelled = operations.cancel('b1')
    expect(cancels).toBe(1)
    first.end('cancelled')
    expect(await cancelled).toMatchObject({ id: 'b1', kind: 'build', state: 'cancelled' })
    expect(updatesOf('b1').flatMap((u) => (u.kind === 'build' ? u.items : []))).toEqual(['Step 1/2 : FROM busybox', 'Step 2/2 : RUN true'])
    operations.dispose()
  })
})
