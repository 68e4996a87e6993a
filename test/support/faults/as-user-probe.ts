// Runs one file service as the (unprivileged) user this process was started as, and prints how it ended
// as JSON: root reads and writes any file, so permission errors can only be seen from another user.
import { walkContext } from '../../../src/main/docker/build/context'
import { readDockerfile } from '../../../src/main/files/read'
import { writeDockerfile } from '../../../src/main/files/save'

const [operation, file, text] = process.argv.slice(2)

async function perform(): Promise<unknown> {
  if (operation === 'read') return readDockerfile(file!)
  if (operation === 'save') return writeDockerfile(file!, text ?? '', false)
  if (operation === 'walk') return walkContext(file!)
  throw new Error(`unknown operation ${operation}`)
}

perform().then(
  () => process.stdout.write(JSON.stringify({ ok: true })),
  (error: unknown) => process.stdout.write(JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: (error as Error).message }))
)
