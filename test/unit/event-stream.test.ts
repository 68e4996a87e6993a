import { describe, expect, it } from 'vitest'
import { JsonLineSplitter, toDockerEvent } from '../../src/main/docker/event-stream'

// As the engine sends it: timeNano does not fit a double exactly, which is fine to the millisecond.
const tag = JSON.parse('{"Type":"image","Action":"tag","Actor":{"ID":"sha256:abc","Attributes":{"name":"web:1"}},"time":1700000000,"timeNano":1700000000123456789}') as object
const untag = { Type: 'image', Action: 'untag', Actor: { ID: 'sha256:def', Attributes: {} }, time: 1700000001 }

describe('JsonLineSplitter', () => {
  it('reads several events in one chunk', () => {
    const splitter = new JsonLineSplitter()
    expect(splitter.push(`${JSON.stringify(tag)}\n${JSON.stringify(untag)}\n`)).toEqual([tag, untag])
  })

  it('keeps a partial event until the rest arrives', () => {
    const splitter = new JsonLineSplitter()
    const text = `${JSON.stringify(tag)}\n${JSON.stringify(untag)}\n`
    const cut = text.indexOf('untag') + 2
    expect(splitter.push(text.slice(0, 10))).toEqual([])
    expect(splitter.push(text.slice(10, cut))).toEqual([tag])
    expect(splitter.push(text.slice(cut))).toEqual([untag])
  })

  it('survives a line that is not JSON', () => {
    const splitter = new JsonLineSplitter()
    expect(splitter.push(`garbage\n\n${JSON.stringify(untag)}\n`)).toEqual([untag])
  })
})

describe('toDockerEvent', () => {
  it('maps the engine event to our shape, with millisecond time', () => {
    expect(toDockerEvent(tag)).toEqual({ type: 'image', action: 'tag', id: 'sha256:abc', attributes: { name: 'web:1' }, time: 1700000000123 })
    expect(toDockerEvent({ status: 'pull', id: 'busybox:latest', time: 5 })).toMatchObject({ type: 'unknown', action: 'pull', id: 'busybox:latest', time: 5000 })
  })
})
