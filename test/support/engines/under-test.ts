// Which engine the tests talk to, for the few expectations that differ by engine (each such test says
// why in its name or a comment). The engine matrix serves each engine's socket from its own state folder.
import path from 'node:path'
import { stateDirOf } from './engine'

export type EngineUnderTest = 'docker' | 'podman'

/** 'podman' when DOCKER_HOST (or the given host) is the matrix's Podman socket; else Docker (20.10 on the host, or 26). */
export function engineUnderTest(dockerHost = process.env.SLIPWAY_TEST_DOCKER_HOST || process.env.DOCKER_HOST || ''): EngineUnderTest {
  return dockerHost.startsWith(`unix://${stateDirOf('podman')}${path.sep}`) ? 'podman' : 'docker'
}

export const onPodman = (dockerHost?: string): boolean => engineUnderTest(dockerHost) === 'podman'
