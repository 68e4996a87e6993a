import { createHash } from 'node:crypto'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import path from 'node:path'

/**
 * Every path below `dir` with its mode, link target or content hash and mtime: two snapshots are equal
 * only when a refused request wrote, chmod-ed, touched or linked nothing.
 */
export async function filesSnapshot(dir: string): Promise<string[]> {
  const out: string[] = []
  const visit = async (abs: string, rel: string): Promise<void> => {
    const info = await lstat(abs)
    const mode = (info.mode & 0o7777).toString(8)
    if (info.isSymbolicLink()) out.push(`${rel} -> ${await readlink(abs)}`)
    else if (info.isDirectory()) {
      out.push(`${rel}/ ${mode}`)
      for (const name of (await readdir(abs)).sort()) await visit(path.join(abs, name), `${rel}/${name}`)
    } else out.push(`${rel} ${mode} ${info.mtimeMs} ${createHash('sha256').update(await readFile(abs)).digest('hex')}`)
  }
  await visit(dir, '')
  return out
}
