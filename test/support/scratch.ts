// What a test file makes and must take away again: temp folders (contexts, files "outside" them) and image
// tags. `scratch(daemon)` registers one afterAll that removes them all, so each file does not repeat it.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type Dockerode from 'dockerode'
import { afterAll } from 'vitest'

export interface Scratch {
  /** A new empty temp folder. */
  folder(prefix?: string): Promise<string>
  /** A temp folder holding `files` (folders on their paths made) and symbolic `links` (name → target). */
  folderWith(files: Record<string, string | Buffer>, links?: Record<string, string>, prefix?: string): Promise<string>
  /** A fresh tag `<repository>/<random>:1`. */
  tag(repository: string): string
  /** A tag made some other way, removed with the rest. */
  keep(tag: string): string
}

export function scratch(daemon: { docker: Dockerode } | null, defaultPrefix = 'slipway-test-'): Scratch {
  const folders: string[] = []
  const tags: string[] = []
  afterAll(async () => {
    if (daemon) for (const tag of tags) await daemon.docker.getImage(tag).remove({ force: true }).catch(() => undefined)
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })))
  })
  const folder = async (prefix = defaultPrefix) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
    folders.push(dir)
    return dir
  }
  const keep = (tag: string) => {
    tags.push(tag)
    return tag
  }
  return {
    folder,
    async folderWith(files, links = {}, prefix) {
      const dir = await folder(prefix)
      for (const [name, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
        await writeFile(path.join(dir, name), content)
      }
      for (const [name, target] of Object.entries(links)) await symlink(target, path.join(dir, name))
      return dir
    },
    tag: (repository) => keep(`${repository}/${Math.random().toString(36).slice(2, 10)}:1`),
    keep
  }
}

/** Whether the engine has an image by that name (any other error is thrown). */
export async function tagExists(docker: Dockerode, tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      (error: { statusCode?: number }) => {
        if (error.statusCode === 404) return false
        throw error
      }
    )
}
