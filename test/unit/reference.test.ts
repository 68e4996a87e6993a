import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  familiarReference,
  familiarString,
  formatReference,
  normalizeReference,
  parseReference,
  sameReference,
  splitRepoTag,
  validateReference,
  validateRepository,
  validateTag,
  type ImageReference
} from '../../src/shared/docker/reference'

const digest = `sha256:${'a1'.repeat(32)}`

describe('parseReference', () => {
  it.each([
    ['ubuntu', { path: 'ubuntu' }],
    ['ubuntu:22.04', { path: 'ubuntu', tag: '22.04' }],
    ['myname/myfirstapp:latest', { path: 'myname/myfirstapp', tag: 'latest' }],
    ['localhost:5000/app', { domain: 'localhost:5000', path: 'app' }],
    ['localhost/app:v1', { domain: 'localhost', path: 'app', tag: 'v1' }],
    ['ghcr.io/owner/tool/sub:1.2.3-rc_1', { domain: 'ghcr.io', path: 'owner/tool/sub', tag: '1.2.3-rc_1' }],
    [`busybox@${digest}`, { path: 'busybox', digest }],
    [`registry.example.com:443/a/b:tag@${digest}`, { domain: 'registry.example.com:443', path: 'a/b', tag: 'tag', digest }],
    ['a__b/c--d.e_f', { path: 'a__b/c--d.e_f' }],
    ['_ok:_tag', null]
  ])('parses %s', (text, expected) => {
    const result = parseReference(text)
    if (expected === null) {
      expect(result.ok).toBe(false)
      return
    }
    expect(result).toEqual({ ok: true, reference: expected })
  })

  it('explains uppercase names with the lowercase suggestion', () => {
    expect(parseReference('MyName/MyFirstApp')).toEqual({
      ok: false,
      message: 'Repository names must be lowercase: use myname/myfirstapp instead of MyName/MyFirstApp.'
    })
    expect(validateReference('ghcr.io/Owner/App:1')).toBe('Repository names must be lowercase: use ghcr.io/owner/app instead of ghcr.io/Owner/App.')
  })

  it.each([
    ['', /Write an image name/],
    ['   ', /Write an image name/],
    ['my app', /may not contain spaces/],
    ['myapp:my tag', /A tag may not contain spaces: try "my-tag"/],
    [' myapp', /start or end with spaces/],
    ['myapp:', /tag is empty/],
    ['myapp:-x', /must start with a letter, a digit or "_"/],
    ['myapp:a+b', /"\+" is not allowed/],
    [`myapp:${'x'.repeat(129)}`, /at most 128 characters/],
    ['myapp@sha256:abc', /64 lowercase hexadecimal/],
    ['myapp@md5:abc', /starts with "sha256:"/],
    ['my//app', /empty part between slashes/],
    ['-app', /start and end with a letter or digit/],
    ['app.', /start and end with a letter or digit/],
    ['a..b', /separators that Docker does not accept/],
    ['a___b', /separators that Docker does not accept/],
    ['my$app', /"\$" in "my\$app" is not allowed/],
    ['localhost:abc/app', /port "abc" is not a number/],
    ['bad_host.com/app', /not a valid registry address/],
    [`a/${'b'.repeat(254)}`, /at most 255 characters/]
  ])('refuses %j with a message a person can act on', (text, message) => {
    const result = parseReference(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toMatch(message)
  })

  it('refuses a digest where only a tag fits', () => {
    expect(validateReference(`app@${digest}`, { allowDigest: false })).toMatch(/cannot be used here/)
    expect(validateReference(`app@${digest}`)).toBeNull()
  })
})

describe('validateTag and validateRepository', () => {
  it('accepts what Docker accepts', () => {
    expect(validateTag('latest')).toBeNull()
    expect(validateTag('_')).toBeNull()
    expect(validateTag('V1.0-rc.1')).toBeNull()
    expect(validateTag('x'.repeat(128))).toBeNull()
    expect(validateRepository('example.com/a/b')).toBeNull()
  })
  it('refuses what Docker refuses', () => {
    expect(validateTag('a tag')).toMatch(/A tag may not contain spaces/)
    expect(validateTag('.hidden')).toMatch(/must start with/)
    expect(validateRepository('App')).toMatch(/must be lowercase: use app instead of App/)
  })
})

describe('normalization', () => {
  const parse = (text: string) => {
    const result = parseReference(text)
    if (!result.ok) throw new Error(result.message)
    return result.reference
  }
  it('adds docker.io, library/ and latest the way the engine does', () => {
    expect(formatReference(normalizeReference(parse('ubuntu')))).toBe('docker.io/library/ubuntu:latest')
    expect(formatReference(normalizeReference(parse('me/app:1')))).toBe('docker.io/me/app:1')
    expect(formatReference(normalizeReference(parse('index.docker.io/me/app')))).toBe('docker.io/me/app:latest')
    expect(formatReference(normalizeReference(parse(`app@${digest}`)))).toBe(`docker.io/library/app@${digest}`)
    expect(formatReference(normalizeReference(parse('localhost:5000/app')))).toBe('localhost:5000/app:latest')
  })
  it('gives the familiar short form', () => {
    expect(formatReference(familiarReference(parse('docker.io/library/ubuntu:22.04')))).toBe('ubuntu:22.04')
    expect(formatReference(familiarReference(parse('docker.io/me/app')))).toBe('me/app')
    expect(formatReference(familiarReference(parse('ghcr.io/library/app')))).toBe('ghcr.io/library/app')
    expect(familiarString('ubuntu')).toBe('ubuntu:latest')
    expect(familiarString('Bad')).toBeNull()
  })
  it('compares references after normalizing', () => {
    expect(sameReference('ubuntu', 'docker.io/library/ubuntu:latest')).toBe(true)
    expect(sameReference('ubuntu:22.04', 'ubuntu')).toBe(false)
  })
  it('splits repo:tag as docker images shows it', () => {
    expect(splitRepoTag('localhost:5000/app:v1')).toEqual({ repository: 'localhost:5000/app', tag: 'v1' })
    expect(splitRepoTag('localhost:5000/app')).toEqual({ repository: 'localhost:5000/app', tag: 'latest' })
  })
})

describe('round trip (property)', () => {
  const alnum = fc.stringMatching(/^[a-z0-9]{1,6}$/)
  const separator = fc.constantFrom('.', '_', '__', '-', '--')
  const pathComponent = fc
    .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 2 }))
    .map(([first, rest]) => first + rest.map(([s, a]) => s + a).join(''))
  const domain = fc.oneof(
    fc.constant('localhost'),
    fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,5}[a-z0-9]$/), fc.constantFrom('com', 'io', 'example')).map(([a, b]) => `${a}.${b}`),
    fc.tuple(fc.constantFrom('localhost', 'reg.local'), fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`)
  )
  const reference: fc.Arbitrary<ImageReference> = fc
    .record(
      {
        domain: domain,
        path: fc.array(pathComponent, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
        tag: fc.stringMatching(/^[\w][\w.-]{0,20}$/),
        digest: fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`)
      },
      { requiredKeys: ['path'] }
    )
    // A bare first component that looks like a domain would be read as one; the grammar makes that ambiguous.
    .filter((r) => r.domain !== undefined || !/[.:]|^localhost$/.test(r.path.split('/')[0]!) || !r.path.includes('/'))

  it('parseReference(formatReference(r)) gives r back', () => {
    fc.assert(
      fc.property(reference, (r) => {
        const result = parseReference(formatReference(r))
        expect(result).toEqual({ ok: true, reference: r })
      })
    )
  })

  it('normalizing is idempotent and familiar form normalizes back to the same reference', () => {
    fc.assert(
      fc.property(reference, (r) => {
        const normalized = normalizeReference(r)
        expect(normalizeReference(normalized)).toEqual(normalized)
        expect(normalizeReference(familiarReference(normalized))).toEqual(normalized)
      })
    )
  })

  it('never throws on arbitrary text, and every accepted text formats back to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const result = parseReference(text)
        if (result.ok) expect(formatReference(result.reference)).toBe(text)
        else expect(result.message.length).toBeGreaterThan(0)
      })
    )
  })
})
