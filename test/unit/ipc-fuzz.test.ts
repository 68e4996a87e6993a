import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bindHandlers } from '../../src/main/ipc'
import type { RequestHandler, Transport } from '../../src/main/transport'
import { validInputs } from '../support/ipc-samples'
import { recordingHandlers } from '../support/stub-handlers'

describe('IPC under random input', () => {
  const routes = new Map<string, RequestHandler>()
  const transport: Transport = { handle: (c, h) => routes.set(c, h), emit: () => undefined }
  const { handlers, calls } = recordingHandlers()
  bindHandlers(transport, handlers)

  it('answers every channel with data, runs a handler only for input its schema accepts, and never throws', async () => {
    const wireNames = [...routes.keys()]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...wireNames), fc.oneof(fc.jsonValue(), fc.anything()), async (wire, input) => {
        const before = calls.length
        const envelope = await routes.get(wire)!(input, { trusted: true, description: 'fuzz' })
        expect(typeof envelope.ok).toBe('boolean')
        if (envelope.ok) {
          // Only an input the schema accepts may reach a handler.
          expect(calls.length).toBe(before + 1)
        } else {
          expect(calls.length).toBe(before)
          expect(envelope.error.code).toBe('invalid-input')
          expect(typeof envelope.error.message).toBe('string')
        }
        // What crosses the boundary must survive structured cloning (as Electron IPC does).
        expect(() => structuredClone(envelope)).not.toThrow()
      }),
      { numRuns: 2000 }
    )
  })

  it('accepts mutated valid inputs only when they still match the schema', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(validInputs)), fc.string(), fc.jsonValue(), async (wire, key, value) => {
        const sample = validInputs[wire]
        const input = sample && typeof sample === 'object' ? { ...sample, [key]: value } : value
        const envelope = await routes.get(wire)!(input, { trusted: true, description: 'fuzz' })
        if (!envelope.ok) expect(envelope.error.code).toBe('invalid-input')
      }),
      { numRuns: 1000 }
    )
  })
})
