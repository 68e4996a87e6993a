// The build service's entrance (one check of a request, the parsed document passed down), which
// builder an engine gets by default, what main asks before a build gets secrets or the ssh agent,
// and the equivalent command the build dialog shows.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Dialogs } from '../../src/main/dialogs'
import { HostGrants } from '../../src/main/grants'
import { confirmBuildAccess, reviewBuildAccess } from '../../src/main/docker/build/build-access'
import { buildCapabilities, resolveBuilder } from '../../src/main/docker/build/builder-choice'
import { prepareBuild } from '../../src/main/docker/build/request'
import { renderBuildCommand } from '../../src/shared/docker/build-command'
import type { BuildRequest } from '../../src/shared/ipc/channels/build'
import type { ConnectionState, EngineInfo } from '../../src/shared/ipc/channels/engine'

const request = (dockerfileText: string, extra: Partial<BuildRequest> = {}): BuildRequest => ({
  dockerfileText,
  dockerfilePath: null,
  contextDir: '/home/me/app',
  tags: ['app'],
  buildArgs: [],
  target: null,
  noCache: false,
  pull: false,
  ...extra
})

describe('prepareBuild', () => {
  it('checks once and passes down the parsed document, the plan, normalized tags and the base images from the stages', () => {
    const text = 'ARG V=3\nFROM --platform=linux/amd64 python:${V} AS build\nRUN make\nFROM build AS test\nRUN test\nFROM scratch\nCOPY --from=build /out /out\nFROM debian:bookworm@sha256:' + 'a'.repeat(64) + '\n'
    const prepared = prepareBuild(request(text, { target: 'test' }))
    expect(prepared.builder).toBe('buildkit')
    expect(prepared.tags).toEqual(['app:latest'])
    expect(prepared.doc.blocks.length).toBeGreaterThan(0)
    // Up to the target stage only.
    expect(prepared.plan.steps.map((s) => s.instruction)).toEqual(['ARG V=3', 'FROM --platform=linux/amd64 python:${V} AS build', 'RUN make', 'FROM build AS test', 'RUN test'])
    // Not an earlier stage, not scratch.
    expect(prepared.baseImages).toEqual(['python:${V}', `debian:bookworm@sha256:${'a'.repeat(64)}`])
  })

  it('refuses, with what to change, a misspelled instruction, a missing FROM, an unknown target, and BuildKit-only options on the classic builder', () => {
    expect(() => prepareBuild(request('FROM busybox\nRUNN echo\n'))).toThrow('Line 2: "RUNN" is not a Dockerfile instruction.')
    expect(() => prepareBuild(request('RUN echo\n'))).toThrow(/must start with FROM/)
    expect(() => prepareBuild(request('FROM busybox AS a\n', { target: 'b' }))).toThrow('There is no stage named "b"')
    expect(() => prepareBuild(request('FROM busybox\n', { builder: 'classic', secrets: [{ id: 'x', env: 'X' }] }))).toThrow(/Build secrets \(--secret\) need BuildKit/)
    expect(() => prepareBuild(request('FROM busybox\n', { builder: 'classic', ssh: true }))).toThrow(/--ssh default\) needs BuildKit/)
    expect(() => prepareBuild(request('FROM busybox\n', { secrets: [{ id: 'x', env: 'X' }, { id: 'x', file: '/f' }] }))).toThrow('The secret id "x" is given twice')
    expect(prepareBuild(request('from busybox\nrun true\n')).plan.steps).toHaveLength(2)
  })
})

const engine = (info: Partial<EngineInfo>): ConnectionState => ({
  status: 'connected',
  engine: { name: 'Docker Engine', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64', ...info },
  endpoint: { host: 'unix:///var/run/docker.sock', source: 'default' } as never,
  attempts: []
})

describe('the default builder', () => {
  it('is BuildKit on Docker Engine for Linux from API 1.39, the classic builder elsewhere', () => {
    expect(buildCapabilities(engine({}))).toEqual({ builders: ['buildkit', 'classic'], defaultBuilder: 'buildkit' })
    expect(buildCapabilities(engine({ apiVersion: '1.39' })).defaultBuilder).toBe('buildkit')
    expect(buildCapabilities(engine({ apiVersion: '1.38' })).defaultBuilder).toBe('classic')
    expect(buildCapabilities(engine({ name: 'Podman Engine', version: '5.4.2' })).builders).toEqual(['classic'])
    expect(buildCapabilities(engine({ os: 'windows' })).builders).toEqual(['classic'])
    expect(buildCapabilities({ status: 'connecting', attempts: [] }).defaultBuilder).toBe('classic')
  })

  it('a request without a builder gets the default; one asking for BuildKit where there is none is refused', () => {
    expect(resolveBuilder(undefined, buildCapabilities(engine({})))).toBe('buildkit')
    expect(resolveBuilder('classic', buildCapabilities(engine({})))).toBe('classic')
    expect(() => resolveBuilder('buildkit', buildCapabilities(engine({ apiVersion: '1.38' })))).toThrow(/Choose the classic builder/)
  })
})

describe('what main asks before a build gets secrets or the ssh agent', () => {
  let dir: string
  let asked: string[]
  let answer: number
  let grants: HostGrants
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-build-access-'))
    await mkdir(path.join(dir, 'picked'))
    await writeFile(path.join(dir, 'picked', 'token'), 't')
    await writeFile(path.join(dir, 'other-token'), 'o')
    asked = []
    answer = 1
    const dialogs = { confirm: async (options: { detail: string }) => (asked.push(options.detail), answer) } as unknown as Dialogs
    grants = new HostGrants({ dialogs, homeDir: path.join(dir, 'home'), engineSockets: () => [] })
    await grants.grantFolder(path.join(dir, 'picked'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('a file in a picked folder needs nothing; another file, an environment variable and the agent are named, and Cancel builds nothing', async () => {
    expect(await reviewBuildAccess(grants, request('FROM x\n', { secrets: [{ id: 'tok', file: path.join(dir, 'picked', 'token') }] }))).toEqual([])
    const risky = request('FROM x\n', { secrets: [{ id: 'other', file: path.join(dir, 'other-token') }, { id: 'gh', env: 'GITHUB_TOKEN' }], ssh: true })
    await expect(confirmBuildAccess(grants, risky)).rejects.toMatchObject({ code: 'cancelled', message: 'Nothing was built: the build was not given these secrets.' })
    expect(asked[0]).toContain(`${path.join(dir, 'other-token')} as the secret "other" — not a folder you picked in Slipway`)
    expect(asked[0]).toContain('the environment variable GITHUB_TOKEN of Slipway, as the secret "gh"')
    expect(asked[0]).toContain('your ssh agent (--ssh default)')
    answer = 0
    await expect(confirmBuildAccess(grants, risky)).resolves.toBeUndefined()
  })
})

describe('the equivalent command', () => {
  const base = { tags: ['app:1'], buildArgs: [], target: null, noCache: false, pull: false, dockerfilePath: '/src/app/Dockerfile', contextDir: '/src/app' }
  it('names the builder: docker buildx build with --secret and --ssh for BuildKit, DOCKER_BUILDKIT=0 for the classic builder', () => {
    expect(renderBuildCommand({ ...base, builder: 'buildkit', secrets: [{ id: 'npmrc', file: '/home/me/.npmrc' }, { id: 'gh', env: 'GITHUB_TOKEN' }], ssh: true })).toBe(
      'docker buildx build -t app:1 --secret id=npmrc,src=/home/me/.npmrc --secret id=gh,env=GITHUB_TOKEN --ssh default -f /src/app/Dockerfile /src/app'
    )
    expect(renderBuildCommand({ ...base, builder: 'classic' })).toBe('DOCKER_BUILDKIT=0 docker build -t app:1 -f /src/app/Dockerfile /src/app')
  })
})
