// Dockerfile starters: each folder under resources/templates has a manifest.json and the files it writes.
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError } from '../../shared/ipc/errors'
import type { TemplateInfo } from '../../shared/ipc/channels/dockerfile'
import { writeFileAtomic } from './atomic'
import { fileError } from './read'

interface Manifest {
  name: string
  description: string
  files: string[]
  order?: number
  needsFolder?: boolean
}

/**
 * Where the templates are: beside the packaged app's resources, or in the repo's resources folder
 * (found by walking up from this module, which works from src/ under tests and from out/ when built).
 */
export function findTemplatesDir(): string {
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath
  if (resourcesPath && existsSync(path.join(resourcesPath, 'templates'))) return path.join(resourcesPath, 'templates')
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources', 'templates')
    if (existsSync(candidate)) return candidate
    dir = path.dirname(dir)
  }
  throw new AppError('internal', 'The Dockerfile templates are missing from this installation. Reinstall Slipway.')
}

function isSafeRelative(file: string): boolean {
  return !path.isAbsolute(file) && !file.split(/[\\/]/).includes('..')
}

async function readManifest(dir: string, id: string): Promise<(TemplateInfo & { order: number }) | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, id, 'manifest.json'), 'utf8')) as Manifest
    if (typeof manifest.name !== 'string' || !Array.isArray(manifest.files) || !manifest.files.every(isSafeRelative)) return null
    return {
      id,
      name: manifest.name,
      description: manifest.description ?? '',
      files: manifest.files,
      needsFolder: manifest.needsFolder !== false,
      order: manifest.order ?? 100
    }
  } catch {
    return null
  }
}

/** The templates folder's entries; a missing or unreadable folder is a broken installation, said as such. */
async function readTemplatesDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT' ? 'is missing' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${(error as Error).message})`
    throw new AppError('io-error', `The Dockerfile templates folder ${dir} ${problem}, so there are no templates to show. Reinstall Slipway to get it back.`)
  }
}

export async function listTemplates(dir: string): Promise<TemplateInfo[]> {
  const ids = await readTemplatesDir(dir)
  const found = (await Promise.all(ids.map((id) => readManifest(dir, id)))).filter((t) => t !== null)
  return found.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name)).map(({ order: _order, ...info }) => info)
}

export async function getTemplate(dir: string, id: string): Promise<TemplateInfo> {
  const template = /^[a-z0-9-]+$/.test(id) ? await readManifest(dir, id) : null
  if (!template) throw new AppError('not-found', `There is no template called "${id}". Pick one from the list.`)
  return template
}

/** Files of the template that already exist in `folder` (relative names). */
export async function existingTemplateFiles(template: TemplateInfo, folder: string): Promise<string[]> {
  const present: string[] = []
  for (const file of template.files) {
    try {
      await stat(path.join(folder, file))
      present.push(file)
    } catch {
      // free: good
    }
  }
  return present
}

/** Copies the template's files into `folder` (each atomically); returns the Dockerfile's path. */
export async function writeTemplate(dir: string, template: TemplateInfo, folder: string): Promise<string> {
  for (const file of template.files) {
    const target = path.join(folder, file)
    const source = path.join(dir, template.id, file)
    const content = await readFile(source).catch((error: unknown) => {
      throw new AppError('io-error', `The template "${template.name}" is incomplete: ${source} cannot be read (${(error as Error).message}). Reinstall Slipway.`)
    })
    try {
      await mkdir(path.dirname(target), { recursive: true })
      await writeFileAtomic(target, content)
    } catch (error) {
      throw fileError(error, target, 'write')
    }
  }
  return path.join(folder, template.files[0] ?? 'Dockerfile')
}
