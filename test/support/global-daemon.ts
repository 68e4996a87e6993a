// Vitest globalSetup for the daemon-backed projects (integration, e2e): one
// daemon and both base images for the whole run, cleaned up at the end.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureBusyboxImage, ensureDebianImage } from './base-images'
import { listLabelledObjects, removeTestObjects, type LabelledObjects } from './cleanup'
import { getTestDaemon, TEST_DOCKER_HOST_ENV, type TestDaemon } from './daemon'

export { requireDaemon } from './daemon'

declare module 'vitest' {
  export interface ProvidedContext {
    dockerHost: string | null
    daemonSkipReason: string | null
  }
}

interface Shared {
  ready: Promise<{ daemon: TestDaemon; keep: LabelledObjects } | { skip: string }>
  users: number
}

// Each project that lists this file runs it, possibly as a separate module
// instance; they share one daemon through a process-wide slot.
const SLOT = Symbol.for('slipway.test.global-daemon')
let unregisterRun: (() => string[]) | null = null
const slots = globalThis as unknown as { [SLOT]?: Shared }

// Test runs that share someone else's daemon register here, so a run that ends does not tidy away the
// objects of a run still going (cleanup removes every labelled object made since the run began).
const runsDir = path.join(os.tmpdir(), 'slipway-test-runs')

function registerRun(): () => string[] {
  mkdirSync(runsDir, { recursive: true })
  const own = path.join(runsDir, String(process.pid))
  writeFileSync(own, new Date().toISOString())
  return () => {
    rmSync(own, { force: true })
    return readdirSync(runsDir).filter((name) => {
      try {
        process.kill(Number(name), 0)
        return true
      } catch {
        rmSync(path.join(runsDir, name), { force: true })
        return false
      }
    })
  }
}

async function prepare(): Promise<{ daemon: TestDaemon; keep: LabelledObjects } | { skip: string }> {
  const started = Date.now()
  const daemon = await getTestDaemon()
  if ('skip' in daemon) return daemon
  try {
    await ensureBusyboxImage(daemon.docker)
    await ensureDebianImage(daemon.docker)
    // Whatever carries the label now (the base images included) stays; the rest is the tests'.
    const keep = await listLabelledObjects(daemon.docker)
    if (!daemon.owned) unregisterRun = registerRun()
    process.stderr.write(
      `[slipway tests] Docker daemon ${daemon.dockerHost} (${daemon.owned ? 'private dockerd started for the tests' : 'existing'}) ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`
    )
    return { daemon, keep }
  } catch (error) {
    await daemon.stop()
    throw error
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (slots[SLOT] ??= { ready: prepare(), users: 0 })
  shared.users++
  const result = await shared.ready.catch((error: unknown) => {
    shared.users--
    if (shared.users === 0) delete slots[SLOT]
    throw error
  })

  if ('skip' in result) {
    console.warn(`[slipway tests] daemon tests will be skipped: ${result.skip}`)
    project.provide('dockerHost', null)
    project.provide('daemonSkipReason', result.skip)
  } else {
    project.provide('dockerHost', result.daemon.dockerHost)
    project.provide('daemonSkipReason', null)
    process.env[TEST_DOCKER_HOST_ENV] = result.daemon.dockerHost
  }

  return async () => {
    shared.users--
    if (shared.users > 0) return
    delete slots[SLOT]
    if ('skip' in result) return
    const { daemon, keep } = result
    delete process.env[TEST_DOCKER_HOST_ENV]
    // A private daemon's data root is deleted whole; only someone else's daemon needs tidying.
    const others = unregisterRun?.() ?? []
    if (!daemon.owned && others.length > 0) {
      console.warn(`[slipway tests] left test objects in place: other test runs (pids ${others.join(', ')}) still use this daemon`)
    } else if (!daemon.owned) {
      const failures = await removeTestObjects(daemon.docker, keep)
      if (failures.length > 0) console.warn(`[slipway tests] could not remove:\n  ${failures.join('\n  ')}`)
    }
    await daemon.stop()
  }
}
