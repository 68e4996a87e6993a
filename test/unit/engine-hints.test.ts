import { describe, expect, it } from 'vitest'
import { EngineResolutionError } from '../../src/main/docker/connection'
import { hintFor } from '../../src/main/docker/engine'

const endpoint = { host: 'unix:///var/run/docker.sock', source: 'default' as const }
const failure = (code: string) => Object.assign(new Error(`connect ${code}`), { code })

describe('hintFor: what to tell a person when the engine cannot be reached', () => {
  it.each([
    ['ENOENT', /No engine socket at \/var\/run\/docker\.sock\. Start Docker/],
    ['EACCES', /Permission denied on \/var\/run\/docker\.sock\. Add your user to the docker group/],
    ['ECONNREFUSED', /Nothing answers at \/var\/run\/docker\.sock/],
    ['ECONNRESET', /cut mid-answer: the engine is probably stopping or restarting/],
    ['ETIMEDOUT', /did not answer in time/]
  ])('%s', (code, hint) => {
    expect(hintFor(failure(code), endpoint)).toMatch(hint)
  })

  it('points at the docker context settings when resolution failed', () => {
    expect(hintFor(new EngineResolutionError('no such context', endpoint), endpoint)).toMatch(/docker context ls/)
  })
})
