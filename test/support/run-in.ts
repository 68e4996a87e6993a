import type Dockerode from 'dockerode'
import { TEST_LABEL } from './daemon'

/** Runs a command in a fresh container of the image (removed after) and returns its output, with the TTY's \r dropped. */
export async function runIn(docker: Dockerode, image: string, command: string): Promise<string> {
  const container = await docker.createContainer({ Image: image, Cmd: ['sh', '-c', command], Tty: true, Labels: { [TEST_LABEL]: '1' } })
  try {
    await container.start()
    await container.wait()
    // docker-modem hands over output that parses as JSON (a lone number) parsed.
    const output: unknown = await container.logs({ stdout: true, stderr: true })
    return (Buffer.isBuffer(output) ? output.toString('utf8') : String(output)).replace(/\r/g, '')
  } finally {
    await container.remove({ force: true })
  }
}
