import { describe, expect, it, vi } from 'vitest'
import { bindHandlers, guardHandler } from '../../src/main/ipc'
import type { RequestHandler, Transport } from '../../src/main/transport'
import { channelName, createClient } from '../../src/shared/ipc/client'
import { contract, events } from '../../src/shared/ipc/contract'
import { AppError, type Envelope } from '../../src/shared/ipc/errors'
import { channel } from '../../src/shared/ipc/define'
import { z } from 'zod'
import { validInputs } from '../support/ipc-samples'
import { recordingHandlers } from '../support/stub-handlers'

const trusted = { trusted: true, description: 'test' }

function bindAll() {
  const routes = new Map<string, RequestHandler>()
  const transport: Transport = { handle: (c, h) => routes.set(c, h), emit: () => undefined }
  const { handlers, calls } = recordingHandlers()
  bindHandlers(transport, handlers)
  return { routes, calls }
}

const wireNames = Object.entries(contract).flatMap(([group, channels]) => Object.keys(channels).map((name) => channelName(group, name)))

/** Inputs that are wrong for a channel whose valid input is `sample`. */
function malformedVariants(sample: unknown): { label: string; input: unknown }[] {
  const variants: { label: string; input: unknown }[] = [
    { label: 'a number', input: 42 },
    { label: 'a string', input: 'images' },
    { label: 'an array', input: [sample] },
    { label: 'an extra field', input: { ...(sample as object), __proto_pollution__: true } }
  ]
  if (sample && typeof sample === 'object') {
    for (const [key, value] of Object.entries(sample)) {
      variants.push({ label: `${key} with the wrong type`, input: { ...sample, [key]: typeof value === 'number' ? 'not a number' : typeof value === 'boolean' ? 'yes' : Array.isArray(value) ? 'a' : 12345 } })
      if (typeof value === 'string') variants.push({ label: `${key} oversize`, input: { ...sample, [key]: 'x'.repeat(1_000_001) } })
    }
  }
  return variants
}

describe('IPC contract', () => {
  it('has a valid sample input for every channel, and nothing else', () => {
    expect(Object.keys(validInputs).sort()).toEqual([...wireNames].sort())
  })

  it('runs the handler for each valid sample', async () => {
    const { routes, calls } = bindAll()
    for (const wire of wireNames) {
      const envelope = await routes.get(wire)!(validInputs[wire], trusted)
      expect(envelope, wire).toEqual({ ok: true, value: null })
    }
    expect(calls).toEqual(wireNames)
  })

  for (const wire of wireNames) {
    it(`refuses malformed input on ${wire} with a typed error, without running the handler`, async () => {
      const { routes, calls } = bindAll()
      for (const { label, input } of malformedVariants(validInputs[wire])) {
        const envelope = await routes.get(wire)!(input, trusted)
        expect(envelope.ok, `${wire} accepted ${label}`).toBe(false)
        if (!envelope.ok) {
          expect(envelope.error.code).toBe('invalid-input')
          expect(envelope.error.message).toContain(wire)
        }
      }
      expect(calls).toEqual([])
    })
  }

  it('refuses senders that are not our own window, before validation', async () => {
    const { routes, calls } = bindAll()
    const envelope = await routes.get('engine.status')!({}, { trusted: false, description: 'https://evil.example/' })
    expect(envelope).toEqual({ ok: false, error: { code: 'forbidden', message: 'Refused engine.status from https://evil.example/.' } })
    expect(calls).toEqual([])
  })

  it('turns thrown errors into data: AppError as is, anything else internal (engine errors: test/unit/error-layers.test.ts)', async () => {
    const spec = channel(z.object({}).strict()).returns<void>()
    const appError = guardHandler(spec, 'x.y', async () => {
      throw new AppError('conflict', 'Name in use', 'detail')
    })
    expect(await appError({}, trusted)).toEqual({ ok: false, error: { code: 'conflict', message: 'Name in use', detail: 'detail' } })
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const untranslated = guardHandler(spec, 'x.y', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' })
    })
    const envelope = await untranslated({}, trusted)
    log.mockRestore()
    expect(envelope.ok === false && envelope.error.code).toBe('internal')
  })

  it('builds a client of named functions only, which rethrows errors as AppError', async () => {
    const seen: [string, unknown][] = []
    const client = createClient({
      invoke: async (wire, input): Promise<Envelope> => {
        seen.push([wire, input])
        return wire === 'engine.retry' ? { ok: false, error: { code: 'engine-unavailable', message: 'down' } } : { ok: true, value: 'fine' }
      },
      subscribe: () => () => undefined
    })
    expect(Object.keys(client).sort()).toEqual([...Object.keys(contract), 'events'].sort())
    expect(Object.keys(client.events).sort()).toEqual(Object.keys(events).sort())
    expect(await client.engine.status()).toBe('fine')
    const error = await client.engine.retry().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'engine-unavailable', message: 'down' })
    expect(seen).toEqual([
      ['engine.status', undefined],
      ['engine.retry', undefined]
    ])
  })
})
