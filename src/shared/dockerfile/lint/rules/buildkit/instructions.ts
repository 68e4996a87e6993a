// BuildKit's checks on single instructions and their place in a stage
// (dockerfile2llb/convert.go dispatch*, validations.go, convert_expose.go;
// instructions/parse.go; parser/parser.go for empty continuation lines).
import type { EscapeCharacter, StatementBlock } from '../../../types'
import { replaceKeyword } from '../../patch'
import { lineage, stagesOf } from '../../stage-chain'
import { keywordAsWritten, syntaxOf } from '../../syntax-of'
import type { Diagnostic, Rule } from '../../types'
import { instructionsOf, renderFor, replaceFix } from '../../util'
import { buildkitCheck } from './check'

type Casing = 'lower' | 'upper' | 'mixed'

function casingOf(keyword: string): Casing {
  return keyword === keyword.toLowerCase() ? 'lower' : keyword === keyword.toUpperCase() ? 'upper' : 'mixed'
}

export const consistentInstructionCasing: Rule = {
  id: 'buildkit/ConsistentInstructionCasing',
  check({ statements }) {
    // BuildKit counts the instructions of stages only (ARGs before the first FROM are not in a stage).
    const inStages = statements.filter((b) => b.kind === 'instruction' && b.stageIndex >= 0)
    // By keyword as written: a file spells its keywords a few ways only.
    const casings = new Map<string, Casing>()
    let lower = 0
    let upper = 0
    const written = inStages.map((b) => {
      const keyword = keywordAsWritten(b)
      let casing = casings.get(keyword)
      if (casing === undefined) {
        casing = casingOf(keyword)
        casings.set(keyword, casing)
      }
      if (casing === 'lower') lower++
      else if (casing === 'upper') upper++
      return keyword
    })
    const majorityLower = lower > upper
    const out: Diagnostic[] = []
    inStages.forEach((b, i) => {
      const keyword = written[i] as string
      if (casings.get(keyword) === (majorityLower ? 'lower' : 'upper')) return
      const wanted = majorityLower ? keyword.toLowerCase() : keyword.toUpperCase()
      const casing = majorityLower ? 'lowercase' : 'uppercase'
      out.push(
        buildkitCheck(
          b,
          'ConsistentInstructionCasing',
          'info',
          `Command '${keyword}' should match the case of the command majority (${casing}). Write ${wanted}.`,
          replaceFix(`Write ${wanted}`, b, replaceKeyword(b.instructionText, wanted))
        )
      )
    })
    return out
  }
}

/** Offsets of the empty lines inside an instruction's continuation (not in its here-documents). */
function emptyContinuationLines(text: string, escapeChar: EscapeCharacter): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = []
  const continues = (line: string) => {
    const trimmed = line.replace(/[ \t]+$/, '')
    return trimmed.endsWith(escapeChar) && !trimmed.endsWith(escapeChar + escapeChar)
  }
  let offset = 0
  let continuing = false
  let first = true
  for (const line of text.split(/(?<=\n)/)) {
    const body = line.replace(/\r?\n$/, '')
    if (first) continuing = continues(body)
    else if (!continuing) break
    else if (/^[ \t]*#/.test(body)) {
      /* a comment line inside the continuation: dropped by the parser */
    } else if (/^\s*$/.test(body)) found.push({ start: offset, end: offset + line.length })
    else continuing = continues(body)
    first = false
    offset += line.length
  }
  return found
}

const BLANK_LINE = /\n[ \t\r\f\v]*(\n|$)/

export const noEmptyContinuation: Rule = {
  id: 'buildkit/NoEmptyContinuation',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const b of statements) {
      if (!BLANK_LINE.test(b.instructionText)) continue
      const empty = emptyContinuationLines(b.instructionText, doc.escapeChar)
      if (empty.length === 0) continue
      let text = ''
      let cursor = 0
      for (const { start, end } of empty) {
        text += b.instructionText.slice(cursor, start)
        cursor = end
      }
      text += b.instructionText.slice(cursor)
      out.push(
        buildkitCheck(
          b,
          'NoEmptyContinuation',
          'warning',
          'Empty continuation line: an empty line inside an instruction continued with the escape character will become an error in a future release. Remove the empty line.',
          replaceFix('Remove the empty lines', b, text)
        )
      )
    }
    return out
  }
}

/** A shell command that can be written as exec form word for word. */
const SHELL_SYNTAX = /[$|&;<>*?`'"\\(){}~#[\]!]|\s=|^=/

export const jsonArgsRecommended: Rule = {
  id: 'buildkit/JSONArgsRecommended',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const stage of stagesOf(statements)) {
      const chain = lineage(stage)
      for (const b of stage.statements) {
        if (b.kind !== 'instruction' || (b.keyword !== 'CMD' && b.keyword !== 'ENTRYPOINT') || b.args.form !== 'shell') continue
        // With a SHELL set, the shell form is what the person chose.
        const shellSet = chain.some((s) => s.statements.some((x) => x.kind === 'instruction' && x.keyword === 'SHELL' && (s !== stage || x.instructionLine < b.instructionLine)))
        if (shellSet) continue
        const command = b.args.command
        const fix = SHELL_SYNTAX.test(command)
          ? undefined
          : replaceFix('Use the JSON (exec) form', b, renderFor(doc, b.keyword, { form: 'exec', args: command.split(/\s+/) }))
        const why =
          b.keyword === 'ENTRYPOINT'
            ? 'In shell form ENTRYPOINT runs under /bin/sh -c: it ignores CMD and docker run arguments, and the program does not receive docker stop\'s signal.'
            : 'In shell form CMD runs under /bin/sh -c, so the program does not receive docker stop\'s signal and is killed after a timeout.'
        const name = keywordAsWritten(b)
        out.push(
          buildkitCheck(
            b,
            'JSONArgsRecommended',
            'warning',
            `JSON arguments recommended for ${name} to prevent unintended behavior related to OS signals. ${why} Write it as a JSON list, e.g. ${b.keyword} ["python3", "app.py"].`,
            fix
          )
        )
      }
    }
    return out
  }
}

export const maintainerDeprecated: Rule = {
  id: 'buildkit/MaintainerDeprecated',
  check({ doc, statements }) {
    return instructionsOf(statements, 'MAINTAINER').map((b) =>
      buildkitCheck(
        b,
        'MaintainerDeprecated',
        'warning',
        'Maintainer instruction is deprecated in favor of using label. Write LABEL org.opencontainers.image.authors="name <email>".',
        replaceFix(
          'Use LABEL org.opencontainers.image.authors=',
          b,
          renderFor(doc, 'LABEL', { pairs: [{ key: 'org.opencontainers.image.authors', value: b.args.name }] })
        )
      )
    )
  }
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')
}

export const workdirRelativePath: Rule = {
  id: 'buildkit/WorkdirRelativePath',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const stage of stagesOf(statements)) {
      // BuildKit reports only the first WORKDIR of a stage, when it is relative: fixing it fixes the rest.
      const first = stage.statements.find((b) => b.kind === 'instruction' && b.keyword === 'WORKDIR')
      if (first?.kind !== 'instruction' || first.keyword !== 'WORKDIR') continue
      const path = first.args.path
      // A variable may well hold an absolute path (WORKDIR $HOME/app).
      if (isAbsolute(path) || path.startsWith('$')) continue
      const inherited = lastAbsoluteWorkdir(stage.parent ? lineage(stage.parent) : [])
      const resolved = inherited ? `${inherited.replace(/\/+$/, '')}/${path}` : undefined
      out.push(
        buildkitCheck(
          first,
          'WorkdirRelativePath',
          'warning',
          `Relative workdir "${path}" can have unexpected results if the base image changes: it is resolved against the base image's WORKDIR. Write the absolute path${resolved ? `: ${resolved}` : ', e.g. /app'}.`,
          resolved ? replaceFix(`Use ${resolved}`, first, renderFor(doc, 'WORKDIR', { path: resolved })) : undefined
        )
      )
    }
    return out
  }
}

/** The WORKDIR a stage ends in, from the stages of this file (undefined when it depends on an image or a variable). */
function lastAbsoluteWorkdir(chain: ReturnType<typeof lineage>): string | undefined {
  const parts: string[] = []
  for (const stage of chain) {
    const workdirs = stage.statements.filter((b) => b.kind === 'instruction' && b.keyword === 'WORKDIR').reverse()
    for (const w of workdirs) {
      if (w.kind !== 'instruction' || w.keyword !== 'WORKDIR') continue
      const path = w.args.path
      if (path.includes('$')) return undefined
      parts.unshift(path)
      if (isAbsolute(path)) return parts.join('/').replace(/\/{2,}/g, '/')
    }
  }
  return undefined
}

export const multipleInstructionsDisallowed: Rule = {
  id: 'buildkit/MultipleInstructionsDisallowed',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const stage of stagesOf(statements)) {
      const last = new Map<string, StatementBlock>()
      for (const b of stage.statements) {
        if (b.kind !== 'instruction' || (b.keyword !== 'CMD' && b.keyword !== 'ENTRYPOINT' && b.keyword !== 'HEALTHCHECK')) continue
        const previous = last.get(b.keyword)
        last.set(b.keyword, b)
        if (!previous) continue
        // Reported on the earlier one: that is the one the build ignores.
        out.push(
          buildkitCheck(
            previous,
            'MultipleInstructionsDisallowed',
            'warning',
            `Multiple ${keywordAsWritten(b)} instructions should not be used in the same stage because only the last one will be used (line ${b.instructionLine}). Remove this one, or combine the two.`,
            { title: `Remove this ${b.keyword}`, edits: [{ blockId: previous.id, expectedText: previous.instructionText, newText: null }] }
          )
        )
      }
    }
    return out
  }
}

/**
 * `ENV key value` → `ENV key=value` (quoted when the value has spaces), when
 * that gives the same value: the value holds no quotes, and the escape
 * character only ends lines.
 */
function keyValueFix(block: StatementBlock, escapeChar: EscapeCharacter): string | undefined {
  const text = block.instructionText
  const head = /^([ \t]*\S+[ \t]+)([^\s=]+)/.exec(text)
  if (!head) return undefined
  let i = head[0].length
  // The separator: spaces, line continuations and the next line's indentation.
  for (;;) {
    const sep = new RegExp(`^(?:[ \\t]+|${escapeChar === '\\' ? '\\\\' : '`'}[ \\t]*\\r?\\n)`).exec(text.slice(i))
    if (!sep) break
    i += sep[0].length
  }
  let value = text.slice(i).replace(/[ \t]+$/, '')
  if (value === '' || /^#/m.test(value.replace(/^[^\n]*\n/, '')) || /["']/.test(value)) return undefined
  const withoutContinuations = value.replace(new RegExp(`${escapeChar === '\\' ? '\\\\' : '`'}[ \\t]*\\r?\\n`, 'g'), '')
  if (withoutContinuations.includes(escapeChar)) return undefined
  if (/\s/.test(value)) value = `"${value}"`
  return `${head[0]}=${value}`
}

export const legacyKeyValueFormat: Rule = {
  id: 'buildkit/LegacyKeyValueFormat',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const keyword of ['ENV', 'LABEL'] as const) {
      for (const b of instructionsOf(statements, keyword)) {
        const node = syntaxOf(b, doc.escapeChar)
        if (!node || node.args[2] !== '') continue
        const name = keywordAsWritten(b)
        const fixed = keyValueFix(b, doc.escapeChar)
        out.push(
          buildkitCheck(
            b,
            'LegacyKeyValueFormat',
            'info',
            `"${name} key=value" should be used instead of legacy "${name} key value" format. The legacy form sets one variable to the rest of the line, which is easy to misread.`,
            fixed ? replaceFix('Write key=value', b, fixed) : undefined
          )
        )
      }
    }
    return out
  }
}

const SECRET = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i
const NOT_SECRET = /(?:_|^)(?:public|file|version)(?:_|$)/i

export const secretsUsedInArgOrEnv: Rule = {
  id: 'buildkit/SecretsUsedInArgOrEnv',
  check({ statements }) {
    const out: Diagnostic[] = []
    const report = (b: StatementBlock, instruction: 'ARG' | 'ENV', key: string) => {
      if (!SECRET.test(key) || NOT_SECRET.test(key)) return
      // BuildKit reports GPG_KEY too, which official images (python) use for a public key's fingerprint: a tip there.
      const publicKey = /(^|_)GPG_KEYS?$/i.test(key)
      out.push(
        buildkitCheck(
          b,
          'SecretsUsedInArgOrEnv',
          publicKey ? 'info' : 'warning',
          `Do not use ARG or ENV instructions for sensitive data (${instruction} "${key}"): their values stay in the image's history and metadata for anyone who pulls it. Pass it as a build secret instead (RUN --mount=type=secret,id=${key.toLowerCase()}).`
        )
      )
    }
    for (const b of instructionsOf(statements, 'ENV')) for (const p of b.args.pairs) report(b, 'ENV', p.key)
    for (const b of instructionsOf(statements, 'ARG')) {
      // ARGs before the first FROM only feed FROM lines; BuildKit checks those declared in a stage.
      if (b.stageIndex < 0) continue
      for (const a of [b.args, ...(b.args.more ?? [])]) report(b, 'ARG', a.name)
    }
    return out
  }
}

/** BuildKit's splitParts: `[ip:]hostPort:containerPort`. */
function splitPortParts(raw: string): { ip: string; hostPort: string; containerPort: string } {
  const parts = raw.split(':')
  const n = parts.length
  const containerPort = parts[n - 1] ?? ''
  if (n === 1) return { ip: '', hostPort: '', containerPort }
  if (n === 2) return { ip: '', hostPort: parts[0] ?? '', containerPort }
  return { ip: parts.slice(0, n - 2).join(':'), hostPort: parts[n - 2] ?? '', containerPort }
}

export const exposeChecks: Rule = {
  id: 'buildkit/ExposeProtoCasing',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const b of instructionsOf(statements, 'EXPOSE')) {
      const words = syntaxOf(b, doc.escapeChar)?.args ?? []
      let text = b.instructionText
      for (const raw of words) {
        if (raw.includes('$')) continue
        const { ip, hostPort, containerPort } = splitPortParts(raw)
        const slash = containerPort.indexOf('/')
        const proto = slash === -1 ? '' : containerPort.slice(slash + 1)
        if (proto !== proto.toLowerCase()) {
          const fixed = raw.slice(0, raw.length - proto.length) + proto.toLowerCase()
          out.push(
            buildkitCheck(
              b,
              'ExposeProtoCasing',
              'info',
              `Defined protocol '${raw}' in EXPOSE instruction should be lowercase. Write ${fixed}.`,
              replaceFix('Write the protocol in lower case', b, b.instructionText.replace(raw, fixed))
            )
          )
        }
        if (ip !== '' || hostPort !== '') {
          text = text.replace(raw, containerPort)
          out.push(
            buildkitCheck(
              b,
              'ExposeInvalidFormat',
              'warning',
              `EXPOSE instruction should not define an IP address or host-port mapping, found '${raw}'. EXPOSE only documents the container's port (${containerPort}); choose the host port when you run it (docker run -p ${hostPort || containerPort}:${containerPort}).`,
              replaceFix(`Expose ${containerPort}`, b, b.instructionText.replace(raw, containerPort))
            )
          )
        }
      }
    }
    return out
  }
}
