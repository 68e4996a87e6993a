// A .env file read into the run dialog's environment variables (what `docker run --env-file` reads).
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import type { EnvVar } from '../../shared/docker/run-command'
import { AppError } from '../../shared/ipc/errors'
import type { Dialogs } from '../dialogs'
import { fileError } from './read'

export const ENV_FILE_MAX_BYTES = 1_000_000

export async function readEnvFile(file: string): Promise<{ path: string; env: EnvVar[] }> {
  let text: string
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' })
    if (info.size > ENV_FILE_MAX_BYTES) {
      throw new AppError('invalid-input', `${path.basename(file)} is ${Math.round(info.size / 1024)} KB; a .env file for Slipway can be at most 1 MB.`)
    }
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw error instanceof AppError ? error : fileError(error, file, 'read', '.env file')
  }
  const env = Object.entries(parseDotenv(text)).map(([key, value]) => ({ key, value }))
  if (env.length === 0) throw new AppError('invalid-input', `${path.basename(file)} has no variables. Each line should look like NAME=value.`)
  return { path: file, env }
}

/** Asks for a .env file and reads it; null when the person cancelled. */
export async function importEnvFile(dialogs: Pick<Dialogs, 'openFile'>): Promise<{ path: string; env: EnvVar[] } | null> {
  const file = await dialogs.openFile({
    title: 'Import environment variables from a .env file',
    filters: [{ name: 'Environment files', extensions: ['env', 'txt', '*'] }]
  })
  return file ? readEnvFile(file) : null
}
