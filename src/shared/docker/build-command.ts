import type { BuildArg } from '../ipc/channels/build'
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
}

/** The words after `docker`, secret build-arg values marked. */
export function buildCommandParts(options: BuildCommandOptions): CommandWord[] {
  const words: CommandWord[] = ['build']
  for (const tag of options.tags) words.push('-t', tag)
  for (const arg of options.buildArgs) words.push('--build-arg', arg.secret ? { name: arg.name, value: arg.value } : `${arg.name}=${arg.value}`)
  if (options.target) words.push('--target', options.target)
  if (options.noCache) words.push('--no-cache')
  if (options.pull) words.push('--pull')
  words.push('-f', options.dockerfilePath ?? '-')
  words.push(options.contextDir || '.')
  return words
}

/** The equivalent `docker build …` command line, shell-quoted, with secret values masked unless revealed. */
export function renderBuildCommand(options: BuildCommandOptions, reveal: RevealOptions = {}): string {
  return `docker ${renderCommandLine(buildCommandParts(options), reveal)}`
}
