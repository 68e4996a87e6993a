import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { renderBuildCommand, buildCommandParts, type BuildCommandOptions } from '../../src/shared/docker/build-command'
import { emptyRunOptions, plainWords, renderRunCommand, runCommandWords } from '../../src/shared/docker/run-command'
import { maskSecretValues, secretValues, withoutSecretValues } from '../../src/shared/docker/secrets'
import type { BuildRequest } from '../../src/shared/ipc/channels/build'

const build: BuildCommandOptions = {
  tags: ['app:1'],
  buildArgs: [
    { name: 'TOKEN', value: "s3cr3t 'x'", secret: true },
    { name: 'VERSION', value: '1.2' }
  ],
  target: null,
  noCache: false,
  pull: false,
  dockerfilePath: '/src/app/Dockerfile',
  contextDir: '/src/app'
}

describe('renderBuildCommand', () => {
  it('masks a secret build arg and spells out the others', () => {
    expect(renderBuildCommand(build)).toBe('docker build -t app:1 --build-arg TOKEN=**** --build-arg VERSION=1.2 -f /src/app/Dockerfile /src/app')
  })

  it('spells out a revealed secret, shell-quoted', () => {
    const expected = "docker build -t app:1 --build-arg 'TOKEN=s3cr3t '\\''x'\\''' --build-arg VERSION=1.2 -f /src/app/Dockerfile /src/app"
    expect(renderBuildCommand(build, { reveal: new Set(['TOKEN']) })).toBe(expected)
    expect(renderBuildCommand(build, { reveal: 'all' })).toBe(expected)
    expect(renderBuildCommand(build, { reveal: new Set(['OTHER']) })).toContain('TOKEN=****')
  })

  it('renders every option, and an unsaved Dockerfile as -f -', () => {
    expect(renderBuildCommand({ ...build, buildArgs: [], tags: ['a:1', 'b:2'], target: 'test', noCache: true, pull: true, dockerfilePath: null, contextDir: '' })).toBe(
      'docker build -t a:1 -t b:2 --target test --no-cache --pull -f - .'
    )
  })

  it('gives the real value to whoever runs it (the shell reads the revealed words back as given)', () => {
    const words = plainWords(buildCommandParts(build))
    const revealed = renderBuildCommand(build, { reveal: 'all' }).replace(/^docker /, '')
    const echoed = execFileSync('sh', ['-c', `for w in ${revealed}; do printf '%s\\0' "$w"; done`]).toString().split('\0').slice(0, -1)
    expect(echoed).toEqual(words)
    expect(words).toContain("TOKEN=s3cr3t 'x'")
  })
})

describe('renderRunCommand with secret env values', () => {
  const options = {
    ...emptyRunOptions('web:1'),
    env: [
      { key: 'DB_PASSWORD', value: 'hunter2-long', secret: true },
      { key: 'MODE', value: 'dev' }
    ]
  }

  it('masks them unless revealed', () => {
    expect(renderRunCommand(options)).toBe('docker run -d -e DB_PASSWORD=**** -e MODE=dev web:1')
    expect(renderRunCommand(options, { reveal: new Set(['DB_PASSWORD']) })).toBe('docker run -d -e DB_PASSWORD=hunter2-long -e MODE=dev web:1')
  })

  it('still hands docker the real value', () => {
    expect(runCommandWords(options)).toEqual(['run', '-d', '-e', 'DB_PASSWORD=hunter2-long', '-e', 'MODE=dev', 'web:1'])
  })
})

describe('secret values in requests and output', () => {
  const request: BuildRequest = {
    dockerfileText: 'FROM busybox\nARG TOKEN\n',
    dockerfilePath: null,
    contextDir: '/ctx',
    tags: ['a:1'],
    buildArgs: [
      { name: 'TOKEN', value: 'abcd-1234\nsecond-line', secret: true },
      { name: 'PIN', value: '12', secret: true },
      { name: 'PLAIN', value: 'abcd-1234-visible' }
    ],
    target: null,
    noCache: false,
    pull: false,
    builder: 'classic'
  }

  it('keeps the name of a secret arg, never its value', () => {
    expect(withoutSecretValues(request).buildArgs).toEqual([
      { name: 'TOKEN', value: '', secret: true },
      { name: 'PIN', value: '', secret: true },
      { name: 'PLAIN', value: 'abcd-1234-visible' }
    ])
    expect(JSON.stringify(withoutSecretValues(request))).not.toContain('abcd-1234\\n')
  })

  it('masks each line of a secret value in output, but not values too short to protect', () => {
    const values = secretValues(request)
    expect(values).toEqual(['second-line', 'abcd-1234'])
    expect(maskSecretValues('token is abcd-1234, then second-line; pin 12', values)).toBe('token is ****, then ****; pin 12')
  })
})

describe('the run form', () => {
  it('passes the secret mark on, and reveals only the values the person chose to show', async () => {
    const { formFromOptions, readForm, revealedEnv } = await import('../../src/renderer/components/run/form')
    const form = formFromOptions(emptyRunOptions('web:1'), [])
    form.env = [
      { key: 'API_KEY', value: 'k-123456', secret: true, rowKey: 'a' },
      { key: 'DB_PASSWORD', value: 'pw-123456', secret: true, revealed: true, rowKey: 'b' },
      { key: 'MODE', value: 'dev', rowKey: 'c' }
    ]
    const { options } = readForm(form)
    expect(options.env).toEqual([
      { key: 'API_KEY', value: 'k-123456', secret: true },
      { key: 'DB_PASSWORD', value: 'pw-123456', secret: true },
      { key: 'MODE', value: 'dev' }
    ])
    expect(renderRunCommand(options, { reveal: revealedEnv(form) })).toBe('docker run -d -e API_KEY=**** -e DB_PASSWORD=pw-123456 -e MODE=dev web:1')
  })
})
