// What makes `docker build` stop before running anything, beyond what the
// parser itself refuses (those are raw blocks with a problem, see
// invalid-instruction): flags an instruction does not have, bad flag values,
// stage names, instructions before the first FROM, JSON written with single quotes.
import type { StatementBlock } from '../../types'
import { keywordAsWritten } from '../syntax-of'
import type { Diagnostic, Rule } from '../types'
import { diagnose } from '../util'

/** The flags BuildKit's instruction parsers accept (frontend/dockerfile/instructions/parse.go). */
const KNOWN_FLAGS: Readonly<Record<string, readonly string[]>> = {
  FROM: ['platform'],
  RUN: ['mount', 'network', 'security', 'device'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  ADD: ['chown', 'chmod', 'link', 'keep-git-dir', 'checksum', 'unpack', 'exclude'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries']
}

/** Go's time.ParseDuration grammar. */
const DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/
const DURATION_FLAGS = new Set(['interval', 'timeout', 'start-period', 'start-interval'])

function flagProblems(b: StatementBlock): string[] {
  const keyword = b.keyword
  if (keyword === undefined || b.flags.length === 0) return []
  const known = KNOWN_FLAGS[keyword] ?? []
  const problems: string[] = []
  for (const flag of b.flags) {
    if (!known.includes(flag.name)) {
      problems.push(
        known.length === 0
          ? `${keyword} takes no flags, so --${flag.name} stops the build. Remove it.`
          : `Unknown flag --${flag.name} for ${keyword}, so the build stops. ${keyword} knows ${known.map((f) => `--${f}`).join(', ')}.`
      )
    } else if (keyword === 'HEALTHCHECK' && DURATION_FLAGS.has(flag.name) && flag.value !== null && flag.value !== '' && !DURATION.test(flag.value)) {
      problems.push(`--${flag.name}=${flag.value} is not a duration, so the build stops. Write it with a unit, e.g. --${flag.name}=30s.`)
    } else if (keyword === 'HEALTHCHECK' && flag.name === 'retries' && flag.value !== null && !/^\d+$/.test(flag.value)) {
      problems.push(`--retries=${flag.value} is not a whole number, so the build stops. Write e.g. --retries=3.`)
    }
  }
  return problems
}

export const invalidFlag: Rule = {
  id: 'invalid-flag',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const b of statements) {
      // Most instructions have no flags: nothing to check.
      if (b.flags.length > 0) for (const message of flagProblems(b)) out.push(diagnose(b, 'error', this.id, message))
    }
    return out
  }
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/

export const invalidStageName: Rule = {
  id: 'invalid-stage-name',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const b of statements) {
      if (b.kind !== 'instruction' || b.keyword !== 'FROM' || b.args.stageName === undefined) continue
      const name = b.args.stageName
      if (STAGE_NAME.test(name.toLowerCase())) continue
      out.push(
        diagnose(
          b,
          'error',
          this.id,
          `"${name}" is not a valid stage name, so the build stops: a stage name starts with a letter and holds only letters, digits, "-", "_" and ".".`
        )
      )
    }
    return out
  }
}

export const noSourceImage: Rule = {
  id: 'no-source-image',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const b of statements) {
      if (b.keyword === 'FROM') break
      if (b.keyword === 'ARG' || b.keyword === undefined || (b.kind === 'raw' && b.problem !== undefined)) continue
      out.push(
        diagnose(
          b,
          'error',
          this.id,
          `${keywordAsWritten(b)} comes before the first FROM, so the build stops: only ARG may come before FROM. Start the Dockerfile with FROM <image>.`
        )
      )
    }
    return out
  }
}

export const jsonInSingleQuotes: Rule = {
  id: 'json-in-single-quotes',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const b of statements) {
      if (b.kind !== 'instruction' || (b.keyword !== 'CMD' && b.keyword !== 'ENTRYPOINT' && b.keyword !== 'RUN')) continue
      if (b.args.form !== 'shell' || !/^\s*\[\s*'/.test(b.keyword === 'RUN' ? (b.args.commands[0] ?? '') : b.args.command)) continue
      out.push(
        diagnose(
          b,
          'warning',
          this.id,
          `This looks like a JSON list, but JSON needs double quotes: with single quotes ${b.keyword} runs the text as a shell command. Write ["a", "b"].`
        )
      )
    }
    return out
  }
}
