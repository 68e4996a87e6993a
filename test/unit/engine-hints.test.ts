import { describe, expect, it } from 'vitest'
import { EngineResolutionError } from '../../src/main/docker/engine-resolution'
import { hintFor } from '../../src/main/docker/engine-connection'
import { HostKeyError } from '../../src/main/docker/ssh-host-keys'

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

  it('speaks of the SSH server, not a socket, for ssh:// engines', () => {
    const ssh = { host: 'ssh://deploy@builder.example:2222', source: 'chosen' as const }
    expect(hintFor(failure('ECONNREFUSED'), ssh)).toBe(
      "No SSH server answers at builder.example port 2222. Check the host name and port in the engine's address, and that sshd runs there."
    )
    // ssh2's error when every login method was refused.
    const refused = Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' })
    expect(hintFor(refused, ssh)).toMatch(/did not accept Slipway's login\. .*ssh-add.*`ssh -p 2222 deploy@builder\.example docker version` works in a terminal\.$/)
  })

  it('gives a refused host key its own advice', () => {
    const ssh = { host: 'ssh://builder.example', source: 'chosen' as const }
    expect(hintFor(new HostKeyError('changed', 'remove line 3 of /home/me/.ssh/known_hosts'), ssh)).toBe('remove line 3 of /home/me/.ssh/known_hosts')
  })

  it('points at the docker context settings when resolution failed', () => {
    expect(hintFor(new EngineResolutionError('no such context', endpoint), endpoint)).toMatch(/docker context ls/)
  })
})
