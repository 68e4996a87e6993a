import type { BuildArg, BuilderKind, BuildSecret } from '../ipc/channels/build'
import { renderCommandLine, type CommandWord, type RevealOptions } from './run-command'

/** What the build dialog shows as the equivalent `docker build`. */
export interface BuildCommandOptions {
  tags: string[]
  /** The args to pass (the dialog leaves out those equal to the Dockerfile's default). */
  buildArgs: BuildArg[]
  target: string | null
  noCache: boolean
  pull: boolean
  /** null for an unsaved Dockerfile, sent on stdin (`-f -`). */
  dockerfilePath: string | null
  contextDir: string
  /** `buildkit`: `docker buildx build`; `classic`: `DOCKER_BUILDKIT=0 docker build`; absent: `docker build`. */
  builder?: BuilderKind
  secrets?: BuildSecret[]
  ssh?: boolean
}

/** The words after `docker`, secret build-arg values marked. */
export function buildCommandParts(options: BuildCommandOptions): CommandWord[] {
  const words: CommandWord[] = options.builder === 'buildkit' ? ['buildx', 'build'] : ['build']
  for (const tag of options.tags) words.push('-t', tag)
  for (const arg of options.buildArgs) words.push('--build-arg', arg.secret ? { name: arg.name, value: arg.value } : `${arg.name}=${arg.value}`)
  if (options.target) words.push('--target', options.target)
  if (options.noCache) words.push('--no-cache')
  if (options.pull) words.push('--pull')
  for (const secret of options.secrets ?? []) words.push('--secret', 'file' in secret ? `id=${secret.id},src=${secret.file}` : `id=${secret.id},env=${secret.env}`)
  if (options.ssh) words.push('--ssh', 'default')
  words.push('-f', options.dockerfilePath ?? '-')
  words.push(options.contextDir || '.')
  return words
}

/** The equivalent `docker build …` command line, shell-quoted, with secret values masked unless revealed. */
export function renderBuildCommand(options: BuildCommandOptions, reveal: RevealOptions = {}): string {
  const prefix = options.builder === 'classic' ? 'DOCKER_BUILDKIT=0 docker' : 'docker'
  return `${prefix} ${renderCommandLine(buildCommandParts(options), reveal)}`
}
