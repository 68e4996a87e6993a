// The app under test talks to the engine the tests use (the engine matrix runs the suite against
// Docker 20.10, Docker 26 and Podman 5 by DOCKER_HOST), not to whatever answers at the default socket.
import { expect, it } from 'vitest'
import { requireDaemon } from '../support/daemon'
import { engineStatusText, launchApp } from './harness'

const daemon = requireDaemon()

it.skipIf(!daemon)("is connected to the tests' engine when launched with the defaults", async () => {
  const version = await daemon!.docker.version()
  const app = await launchApp()
  try {
    await expect.poll(() => engineStatusText(app.page), { timeout: 15_000 }).toContain(version.Version)
    expect(await engineStatusText(app.page)).toContain(daemon!.dockerHost)
  } finally {
    await app.close()
  }
})
