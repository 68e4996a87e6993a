import { describe, expect, it } from 'vitest'
import { LineSplitter } from '../../src/main/docker/line-splitter'

describe('LineSplitter', () => {
  it('keeps a line cut between chunks, even inside a UTF-8 character, until it completes', () => {
    const lines = new LineSplitter()
    const bytes = Buffer.from('first\nsecond é\nthi', 'utf8')
    const cut = bytes.indexOf(Buffer.from('é')) + 1
    expect(lines.push(bytes.subarray(0, cut))).toEqual(['first'])
    expect(lines.push(bytes.subarray(cut))).toEqual(['second é'])
    expect(lines.push('rd\n\nlast')).toEqual(['third', ''])
    expect(lines.flush()).toEqual(['last'])
    expect(lines.flush()).toEqual([])
  })
})
