// Once Stop has returned, the container list says the container stopped. Docker 26 answers
// POST /containers/{id}/stop before its list has the exit (about half the time here), so a list
// refreshed right after Stop would keep showing "running" until the next event.
import { afterAll, describe, expect, it } from 'vitest'
import { listContainers, removeContainer, stopContainer } from '../../src/main/docker/containers'
import { runContainer } from '../../src/main/docker/run'
import { emptyRunOptions } from '../../src/shared/docker/run-command'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon, TEST_LABEL } from '../support/daemon'

const daemon = requireDaemon()
const STOPS = 12

describe.skipIf(!daemon)('stopping a container', () => {
  const docker = daemon!.docker
  const created: string[] = []

  afterAll(async () => {
    await Promise.all(created.map((id) => removeContainer(docker, id).catch(() => undefined)))
  })

  it(`lists it as exited as soon as Stop returns (${STOPS} times)`, async () => {
    // Ends at once on SIGTERM (a plain sleep as PID 1 would wait out the stop timeout).
    const { id } = await runContainer(docker, {
      ...emptyRunOptions(BUSYBOX_IMAGE),
      labels: [{ key: TEST_LABEL, value: '1' }],
      command: ['sh', '-c', 'trap "exit 0" TERM; sleep 300 & wait']
    })
    created.push(id)
    const states: string[] = []
    for (let i = 0; i < STOPS; i++) {
      if (i > 0) await docker.getContainer(id).start()
      await stopContainer(docker, id)
      states.push((await listContainers(docker, true, true)).find((c) => c.id === id)?.state ?? 'missing')
    }
    expect(states).toEqual(Array<string>(STOPS).fill('exited'))
  })
})
