import { describe, expect, it } from 'vitest'
import { parseDockerfile, serializeDockerfile } from '../../../src/shared/dockerfile'
import { expectWellFormed, fixtureNames, readFixture } from './helpers'

describe('fixture corpus', () => {
  const names = fixtureNames()

  it('has at least 40 Dockerfiles, with CRLF ones kept as CRLF on disk', () => {
    expect(names.length).toBeGreaterThanOrEqual(40)
    expect(readFixture('13-crlf-basic.Dockerfile')).toContain('\r\n')
    expect(readFixture('14-crlf-no-final-newline.Dockerfile').endsWith('\n')).toBe(false)
  })

  it.each(names)('%s round-trips byte for byte', (name) => {
    const text = readFixture(name)
    const doc = parseDockerfile(text)
    expect(serializeDockerfile(doc)).toBe(text)
    expectWellFormed(doc, text)
  })
})
