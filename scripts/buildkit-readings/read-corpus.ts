// What BuildKit's own parser reads in the Dockerfile corpus, for
// test/unit/dockerfile/parse-corpus-buildkit.test.ts to hold the model to.
//
// BuildKit's parser and shell lexer (moby/buildkit frontend/dockerfile/{parser,shell,command},
// v0.13 as Docker 26.1.5 vendors it) come as Go source in Debian trixie's
// golang-github-docker-docker-dev package, fetched with apt-get into a private apt state
// (this machine's sources are left alone). main.go beside this file is compiled against them
// in GOPATH mode with Debian's Go (golang-go) and github.com/pkg/errors
// (golang-github-pkg-errors-dev); BuildKit's util/stack (error stack traces, which pulls in
// protobuf) is replaced by a stub that returns the error as it is.
//
// Run: npx tsx scripts/buildkit-readings/read-corpus.ts
// writes test/fixtures/dockerfile-corpus/buildkit-readings.json.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { debianMirror } from '../../test/support/base-images'

const here = path.dirname(fileURLToPath(import.meta.url))
export const CORPUS = path.resolve(here, '../../test/fixtures/dockerfile-corpus')
export const READINGS = path.join(CORPUS, 'buildkit-readings.json')

/** The Debian package (trixie) whose source tree holds BuildKit's parser, pinned. */
export const SOURCE_PACKAGE = 'golang-github-docker-docker-dev'
export const SOURCE_VERSION = '26.1.5+dfsg1-9+deb13u1'
const BUILDKIT_IN_SOURCE = 'usr/share/gocode/src/github.com/moby/buildkit'
const PACKAGES = ['frontend/dockerfile/parser', 'frontend/dockerfile/shell', 'frontend/dockerfile/command']

export interface Heredoc {
  name: string
  fd: number
  expand: boolean
  chomp: boolean
  content: string
}

export interface BuildkitInstruction {
  line: number
  endLine: number
  /** Lower case, as BuildKit's parser keeps it. */
  keyword: string
  flags: string[]
  args: string[]
  json: boolean
  heredocs: Heredoc[]
  /** Each of `args` through BuildKit's shell lexer with no variables set (null where it refuses the word). */
  words: (string | null)[]
}

export interface BuildkitReading {
  escape?: string
  /** Set when BuildKit's parser refuses the file (then `docker build` does too). */
  error?: string
  instructions?: BuildkitInstruction[]
}

export interface BuildkitReadings {
  source: string
  readings: Record<string, BuildkitReading>
}

function cacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'slipway-test')
}

/** Why BuildKit's parser cannot be compiled here, or null when it can. */
export function missingTools(): string | null {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' })
  } catch {
    return 'no Go toolchain (apt-get install golang-go golang-github-pkg-errors-dev)'
  }
  if (!existsSync('/usr/share/gocode/src/github.com/pkg/errors')) return 'no github.com/pkg/errors source (apt-get install golang-github-pkg-errors-dev)'
  if (!existsSync('/usr/share/keyrings/debian-archive-keyring.gpg')) return "no Debian archive keyring to fetch BuildKit's source with apt-get"
  return null
}

/** BuildKit's source tree from the pinned Debian package, fetched once into the cache. */
function buildkitSource(): string {
  const dir = path.join(cacheDir(), `buildkit-source-${SOURCE_VERSION}`)
  if (existsSync(path.join(dir, BUILDKIT_IN_SOURCE))) return path.join(dir, BUILDKIT_IN_SOURCE)
  const apt = path.join(cacheDir(), 'buildkit-source-apt')
  rmSync(apt, { recursive: true, force: true })
  mkdirSync(path.join(apt, 'lists/partial'), { recursive: true })
  mkdirSync(path.join(apt, 'cache/archives/partial'), { recursive: true })
  const mirror = process.env.SLIPWAY_DEBIAN_MIRROR ?? debianMirror()
  writeFileSync(path.join(apt, 'sources.list'), `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror} trixie main\n`)
  const options = [
    `Dir::Etc::SourceList=${path.join(apt, 'sources.list')}`,
    'Dir::Etc::SourceParts=/dev/null',
    `Dir::State::Lists=${path.join(apt, 'lists')}`,
    `Dir::Cache=${path.join(apt, 'cache')}`,
    'Dir::State::status=/dev/null',
    'APT::Sandbox::User=root'
  ].flatMap((o) => ['-o', o])
  execFileSync('apt-get', [...options, '-qq', 'update'], { stdio: 'inherit' })
  execFileSync('apt-get', [...options, '-qq', 'download', `${SOURCE_PACKAGE}=${SOURCE_VERSION}`], { cwd: apt, stdio: 'inherit' })
  const deb = readdirSync(apt).find((f) => f.endsWith('.deb'))
  if (!deb) throw new Error(`apt-get download ${SOURCE_PACKAGE}=${SOURCE_VERSION} left no .deb in ${apt}`)
  const partial = `${dir}.partial`
  rmSync(partial, { recursive: true, force: true })
  execFileSync('dpkg-deb', ['-x', path.join(apt, deb), partial])
  rmSync(dir, { recursive: true, force: true })
  cpSync(partial, dir, { recursive: true })
  rmSync(partial, { recursive: true, force: true })
  rmSync(apt, { recursive: true, force: true })
  return path.join(dir, BUILDKIT_IN_SOURCE)
}

/** A GOPATH holding BuildKit's parser packages, the stub for util/stack and main.go. */
function makeGopath(buildkit: string): string {
  const gopath = path.join(cacheDir(), `buildkit-readings-gopath-${SOURCE_VERSION}`)
  rmSync(path.join(gopath, 'src'), { recursive: true, force: true })
  const target = path.join(gopath, 'src/github.com/moby/buildkit')
  for (const pkg of PACKAGES) {
    mkdirSync(path.join(target, pkg), { recursive: true })
    for (const file of readdirSync(path.join(buildkit, pkg))) {
      if (file.endsWith('.go') && !file.endsWith('_test.go')) cpSync(path.join(buildkit, pkg, file), path.join(target, pkg, file))
    }
  }
  mkdirSync(path.join(target, 'util/stack'), { recursive: true })
  writeFileSync(
    path.join(target, 'util/stack/stack.go'),
    '// Stand-in for BuildKit\'s util/stack: the parser only wraps its errors with a stack trace.\npackage stack\n\nfunc Enable(err error) error { return err }\n'
  )
  mkdirSync(path.join(gopath, 'src/slipway/buildkit-readings'), { recursive: true })
  cpSync(path.join(here, 'main.go'), path.join(gopath, 'src/slipway/buildkit-readings/main.go'))
  return gopath
}

/** BuildKit's reading of each corpus file (paths as index.json has them, relative to the corpus). */
export function readCorpusWithBuildkit(files: readonly string[]): BuildkitReadings {
  const gopath = makeGopath(buildkitSource())
  const env = {
    ...process.env,
    GO111MODULE: 'off',
    GOFLAGS: '',
    GOPATH: `${gopath}:/usr/share/gocode`,
    GOCACHE: path.join(gopath, 'cache')
  }
  const binary = path.join(gopath, 'buildkit-readings')
  execFileSync('go', ['build', '-o', binary, 'slipway/buildkit-readings'], { env, stdio: 'inherit' })
  const readings = JSON.parse(execFileSync(binary, [...files], { cwd: CORPUS, maxBuffer: 1 << 30 }).toString('utf8')) as Record<string, BuildkitReading>
  return { source: `moby/buildkit frontend/dockerfile/{parser,shell} from Debian trixie ${SOURCE_PACKAGE} ${SOURCE_VERSION} (Docker 26.1.5's BuildKit v0.13)`, readings }
}

/** The corpus files (index.json), then the minimal cases of cases/ (each a way the model once misread a Dockerfile). */
export function corpusFiles(): string[] {
  const files = (JSON.parse(readFileSync(path.join(CORPUS, 'index.json'), 'utf8')) as { file: string }[]).map((e) => e.file)
  return [...files, ...caseFiles()]
}

export function caseFiles(): string[] {
  return readdirSync(path.join(CORPUS, 'cases'))
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => `cases/${f}`)
}

/** The readings as checked in: one file per line, so a change shows as the files it touches. */
export function formatReadings(readings: BuildkitReadings): string {
  const files = Object.keys(readings.readings).sort()
  const lines = files.map((f) => `  ${JSON.stringify(f)}: ${JSON.stringify(readings.readings[f])}`)
  return `{\n "source": ${JSON.stringify(readings.source)},\n "readings": {\n${lines.join(',\n')}\n }\n}\n`
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const missing = missingTools()
  if (missing) {
    console.error(`Cannot read the corpus with BuildKit's parser: ${missing}.`)
    process.exit(1)
  }
  const readings = readCorpusWithBuildkit(corpusFiles())
  writeFileSync(READINGS, formatReadings(readings))
  console.log(`wrote ${path.relative(process.cwd(), READINGS)}: ${Object.keys(readings.readings).length} files`)
}
