// Small helpers the daemon tests share: build an image from files in memory, and wait for a page.
import type Dockerode from 'dockerode'
import { pack } from 'tar-stream'
import { TEST_LABEL } from './daemon'

/** Builds `tag` from in-memory files (a `Dockerfile` among them); the image carries TEST_LABEL. */
export async function buildTestImage(docker: Dockerode, tag: string, files: Record<string, string>, labels: Record<string, string> = {}): Promise<void> {
  const tar = pack()
  for (const [name, content] of Object.entries(files)) tar.entry({ name }, content)
  tar.finalize()
  const stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, { t: tag, labels: { [TEST_LABEL]: '1', ...labels } })
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
      const failed = error?.message ?? output.find((o) => o.error)?.error
      if (failed) reject(new Error(failed))
      else resolve()
    })
  )
}

/** Fetches a page, retrying while the server in the container is still starting. */
export async function fetchText(url: string, timeoutMs = 20_000): Promise<string> {
  const start = Date.now()
  for (;;) {
    try {
      const response = await fetch(url)
      if (response.ok) return await response.text()
    } catch {
      // not up yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
