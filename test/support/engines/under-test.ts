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

/** Why tests of BuildKit through a session cannot run on the engine under test, or null when they can. */
export function withoutBuildKitSession(dockerHost?: string): string | null {
  return onPodman(dockerHost) ? "Podman's Docker-compatible API has no BuildKit session (POST /session answers 404); the app builds there with Buildah through the classic API and says so in the build dialog" : null
}

/** True (and says why, once per call site) when a BuildKit test must be skipped on this engine. */
export function skipWithoutBuildKit(what: string): boolean {
  const why = withoutBuildKitSession()
  if (why) console.log(`[skipped] ${what}: ${why}`)
  return why !== null
}

/** The builders to test on this engine: classic everywhere, BuildKit where the engine has sessions (says why not). */
export function buildersUnderTest(what: string): ('classic' | 'buildkit')[] {
  return skipWithoutBuildKit(`${what} with BuildKit`) ? ['classic'] : ['classic', 'buildkit']
}

/** The engine's name as the status bar shows it (Slipway names it from the engine's /version components). */
export const engineProductName = (dockerHost?: string): string => (onPodman(dockerHost) ? 'Podman Engine' : 'Docker Engine')
