import { describe, expect, it } from 'vitest'
import { checkBuildTag, parseBuildTags } from '../../src/shared/docker/build-tag'

describe('checkBuildTag', () => {
  it.each(['myfirstapp', 'myname/myfirstapp:1.0', 'localhost:5000/team/app:v2', 'registry.example.com/a_b/c-d:latest', 'a__b/c.d'])('accepts %s', (tag) => {
    expect(checkBuildTag(tag).ok).toBe(true)
  })

  it('explains an upper-case repository name', () => {
    const check = checkBuildTag('MyFirstApp:1.0')
    expect(check).toEqual({ ok: false, message: 'Repository names must be lowercase: use myfirstapp instead of MyFirstApp.' })
  })

  it.each([
    ['', 'empty'],
    ['my app', 'spaces'],
    ['app:-bad', 'A tag must start with a letter'],
    ['app@sha256:abc', 'digest'],
    ['-app', 'must start and end with a letter or digit'],
    [':1.0', 'repository name is empty'],
    ['host:port/app', 'port']
  ])('refuses %j', (tag, words) => {
    const check = checkBuildTag(tag)
    expect(check.ok).toBe(false)
    expect(!check.ok && check.message).toContain(words)
  })

  it('splits the field on spaces and commas', () => {
    expect(parseBuildTags('a:1, b:2  c')).toEqual({ tags: ['a:1', 'b:2', 'c'], errors: [] })
    expect(parseBuildTags('a Bad').errors).toEqual(['Bad: Repository names must be lowercase: use bad instead of Bad.'])
    expect(checkBuildTag('myname/app')).toEqual({ ok: true, reference: 'myname/app:latest' })
  })
})
