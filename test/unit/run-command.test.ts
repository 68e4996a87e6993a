import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { emptyRunOptions, joinShellWords, quoteShellArg, renderRunCommand, runCommandWords, splitShellWords } from '../../src/shared/docker/run-command'

describe('renderRunCommand', () => {
  it('renders the tutorial’s command', () => {
    expect(renderRunCommand({ ...emptyRunOptions('myfirstapp-image'), name: 'myfirstapp', ports: [{ hostIp: '', hostPort: 8888, containerPort: 5000, protocol: 'tcp' }] })).toBe(
      'docker run -d --name myfirstapp -p 8888:5000 myfirstapp-image'
    )
  })

  it('renders every option, quoting what the shell would change', () => {
    const command = renderRunCommand({
      image: 'web:1.0',
      name: 'web',
      ports: [
        { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '', hostPort: null, containerPort: 53, protocol: 'udp' }
      ],
      publishAll: true,
      env: [
        { key: 'GREETING', value: "it's a test" },
        { key: 'EMPTY', value: '' }
      ],
      mounts: [
        { type: 'bind', source: '/home/me/my site', target: '/srv', readOnly: true },
        { type: 'volume', source: 'data', target: '/data', readOnly: false }
      ],
      command: ['sh', '-c', 'echo $HOME && sleep 1'],
      entrypoint: ['/bin/env', '-i'],
      workingDir: '/srv',
      user: '1000:1000',
      restart: 'unless-stopped',
      autoRemove: true,
      network: 'my-net',
      labels: [{ key: 'com.example', value: '1' }]
    })
    expect(command).toBe(
      "docker run -d --name web -p 127.0.0.1:8080:80 -p 53/udp -P -e 'GREETING=it'\\''s a test' -e EMPTY= -v '/home/me/my site:/srv:ro' -v data:/data -w /srv -u 1000:1000 --restart unless-stopped --rm --network my-net --label com.example=1 --entrypoint /bin/env web:1.0 -i sh -c 'echo $HOME && sleep 1'"
    )
  })

  it('clears the entrypoint with an empty word', () => {
    expect(renderRunCommand({ ...emptyRunOptions('img'), entrypoint: [] })).toBe("docker run -d --entrypoint '' img")
  })

  it('gives a real shell the same words back', () => {
    const options = { ...emptyRunOptions('img'), env: [{ key: 'A', value: 'x "y" $z `w` \\ \n end' }], command: ['printf', '%s\n', "don't"] }
    const words = runCommandWords(options)
    const echoed = execFileSync('sh', ['-c', `for w in ${joinShellWords(words)}; do printf '%s\\0' "$w"; done`]).toString().split('\0').slice(0, -1)
    expect(echoed).toEqual(words)
  })
})

describe('shell words', () => {
  it('splits like a shell', () => {
    expect(splitShellWords(`python3 app.py --name "my app" 'it''s' a\\ b`)).toEqual({ ok: true, words: ['python3', 'app.py', '--name', 'my app', 'its', 'a b'] })
    expect(splitShellWords('  ')).toEqual({ ok: true, words: [] })
    expect(splitShellWords(`echo "unclosed`)).toMatchObject({ ok: false, error: expect.stringMatching(/not closed/) })
  })

  it('split(join(words)) gives the words back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }), (words) => {
        expect(splitShellWords(joinShellWords(words))).toEqual({ ok: true, words })
      })
    )
  })

  it('leaves plain words unquoted', () => {
    expect(quoteShellArg('8888:5000')).toBe('8888:5000')
    expect(quoteShellArg('a b')).toBe("'a b'")
  })
})
