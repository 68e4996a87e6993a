// A downloaded project may hold symbolic links named like the files a build reads: `.dockerignore`,
// `Dockerfile.dockerignore`, `Dockerfile`. Whatever they point to, the build context sends each link
// as a link (as `docker build` does) and never the content of a file outside the context: not in
// the tar, so not in an image after `COPY . /src`, and not to a remote engine either.
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type Dockerode from 'dockerode'
import tarStream from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { packContext, walkContext } from '../../src/main/docker/build/context'
import { runBuild } from '../../src/main/docker/build/run-build'
import type { BuildRequest } from '../../src/shared/ipc/channels/build'
import { BUSYBOX_IMAGE } from '../support/base-images'
import { requireDaemon } from '../support/daemon'
import { scratch } from '../support/scratch'
import { runIn } from '../support/run-in'
import { buildersUnderTest } from '../support/engines/under-test'

const daemon = requireDaemon()
const made = scratch(daemon, 'slipway-test-')
const MARKER = `SLIPWAY-OUTSIDE-SECRET-${randomBytes(8).toString('hex')}`

const tempDir = (prefix: string) => made.folder(prefix)

/** A file outside every context: the marker, then a line that would exclude keep.txt if it were read as patterns. */
async function outsideSecret(): Promise<string> {
  const file = path.join(await tempDir('slipway-outside-'), 'id_ed25519')
  await writeFile(file, `${MARKER}\nkeep.txt\n`)
  return file
}

const contextWith = (files: Record<string, string>, links: Record<string, string>) => made.folderWith(files, links, 'slipway-links-')

interface TarEntry {
  name: string
  type: string
  linkname: string | null
  content: Buffer
}

/** Walks and packs the context as a build would, and reads back every entry of the tar. */
async function packedEntries(contextDir: string): Promise<TarEntry[]> {
  const packed = packContext(await walkContext(contextDir), `FROM ${BUSYBOX_IMAGE}\n`)
  const extract = tarStream.extract()
  const entries: TarEntry[] = []
  extract.on('entry', (header, stream, next) => {
    const parts: Buffer[] = []
    stream.on('data', (chunk: unknown) => void parts.push(chunk as Buffer))
    stream.on('end', () => {
      entries.push({ name: header.name, type: header.type ?? 'file', linkname: header.linkname ?? null, content: Buffer.concat(parts) })
      next()
    })
  })
  const finished = new Promise<void>((resolve, reject) => {
    extract.on('finish', () => resolve())
    extract.on('error', reject)
  })
  packed.stream.pipe(extract)
  await Promise.all([packed.done, finished])
  return entries
}

function expectNoMarker(entries: TarEntry[]): void {
  for (const entry of entries) expect(entry.content.toString('latin1'), `${entry.name} in the tar`).not.toContain(MARKER)
}

describe('build context: links to files outside the context', () => {
  it('.dockerignore -> an outside file: sent as a link, never read (its lines are not patterns), with a warning', async () => {
    const secret = await outsideSecret()
    const dir = await contextWith({ 'keep.txt': 'keep\n' }, { '.dockerignore': secret })
    const walked = await walkContext(dir)
    expect(walked.rule.text).toBeNull()
    expect(walked.warnings.join('\n')).toContain(`.dockerignore is a symbolic link to ${secret}, outside the build context`)
    const entries = await packedEntries(dir)
    expectNoMarker(entries)
    const ignore = entries.filter((e) => e.name === '.dockerignore')
    expect(ignore.map((e) => [e.type, e.linkname])).toEqual([['symlink', secret]])
    expect(entries.map((e) => e.name)).toContain('keep.txt')
  })

  it('Dockerfile.dockerignore and Dockerfile -> outside files: both sent as links', async () => {
    const secret = await outsideSecret()
    const dir = await contextWith({ 'keep.txt': 'keep\n' }, { 'Dockerfile.dockerignore': secret, Dockerfile: secret, 'app.Dockerfile': '../../..' + secret })
    const entries = await packedEntries(dir)
    expectNoMarker(entries)
    for (const name of ['Dockerfile.dockerignore', 'Dockerfile', 'app.Dockerfile']) {
      expect(entries.find((e) => e.name === name), name).toMatchObject({ type: 'symlink', content: Buffer.alloc(0) })
    }
  })

  it('.dockerignore -> a file inside the context: its patterns apply, and the link is sent as a link', async () => {
    const dir = await contextWith({ 'keep.txt': 'keep\n', 'secret.env': 'TOKEN=1\n', 'docker/ignore': 'secret.env\n' }, { '.dockerignore': 'docker/ignore' })
    const walked = await walkContext(dir)
    expect(walked.rule.text).toBe('secret.env\n')
    const entries = await packedEntries(dir)
    const names = entries.map((e) => e.name)
    expect(names).toContain('keep.txt')
    expect(names).not.toContain('secret.env')
    expect(entries.filter((e) => e.name === '.dockerignore').map((e) => [e.type, e.linkname])).toEqual([['symlink', 'docker/ignore']])
  })

  it('.dockerignore -> a link inside the context that leads outside: not read', async () => {
    const secret = await outsideSecret()
    const dir = await contextWith({ 'keep.txt': 'keep\n' }, { 'hop': secret, '.dockerignore': 'hop' })
    const walked = await walkContext(dir)
    expect(walked.rule.text).toBeNull()
    expect(walked.warnings.join('\n')).toContain('outside the build context')
    expectNoMarker(await packedEntries(dir))
  })
})

describe.skipIf(!daemon)('build context links on the real daemon: COPY . /src never holds the outside file', () => {
  const docker = daemon?.docker as Dockerode
  for (const builder of buildersUnderTest('COPY . /src never holds the outside file')) {
    it(`${builder} builder`, async () => {
      const secret = await outsideSecret()
      const dir = await contextWith({ 'keep.txt': 'keep\n' }, { '.dockerignore': secret, 'Dockerfile.dockerignore': secret, Dockerfile: secret })
      const tag = `slipway-test-links/${randomBytes(4).toString('hex')}:${builder}`
      made.keep(tag)
      const request: BuildRequest = {
        dockerfileText: `FROM ${BUSYBOX_IMAGE}\nCOPY . /src\n`,
        dockerfilePath: path.join(dir, 'Dockerfile'),
        contextDir: dir,
        tags: [tag],
        buildArgs: [],
        target: null,
        noCache: true,
        pull: false,
        builder
      }
      const outcome = await runBuild(docker, request, new AbortController().signal)
      expect(outcome.status, outcome.error).toBe('succeeded')
      const output = await runIn(docker, tag, `grep -rl ${MARKER} /src 2>/dev/null; echo ---; for f in .dockerignore Dockerfile.dockerignore Dockerfile; do readlink /src/$f; done; echo ---; ls -A /src`)
      const [matches, links, listing] = output.replace(/\r/g, '').split('---\n')
      expect(matches, 'files in the image holding the outside content').toBe('')
      expect(links).toBe(`${secret}\n${secret}\n${secret}\n`)
      expect(listing).toContain('keep.txt')
      if (builder === 'classic') {
        // What the warnings say: the patterns were not used, and the editor's Dockerfile could not be left out.
        expect(outcome.warnings.join('\n')).toContain(`.dockerignore is a symbolic link to ${secret}, outside the build context`)
        expect(outcome.warnings.join('\n')).toContain('COPY . also copies that Dockerfile')
        expect(listing).toMatch(/^\.slipway\.Dockerfile\./m)
      } else {
        // Through the session the Dockerfile is served apart from the context: COPY . never sees it.
        expect(listing).not.toMatch(/slipway\.Dockerfile/)
      }
    })
  }
})
