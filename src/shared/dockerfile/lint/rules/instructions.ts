// Rules about single instructions and their place in a stage.
import type { ArgsByKeyword, InstructionBlockOf, StatementBlock } from '../../types'
import { replaceKeyword } from '../patch'
import type { Diagnostic, Rule } from '../types'
import { diagnose, instructionsOf, renderFor, replaceFix } from '../util'

export const invalidInstruction: Rule = {
  id: 'invalid-instruction',
  check({ statements }) {
    return statements
      .filter((b) => b.kind === 'raw' && b.problem !== undefined)
      .map((b) => diagnose(b, 'error', this.id, b.kind === 'raw' && b.problem ? b.problem : ''))
  }
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst)$/i
const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i

export const addLocalFile: Rule = {
  id: 'add-local-file',
  check({ statements }) {
    return instructionsOf(statements, 'ADD')
      .filter((b) => b.args.sources.every((s) => !REMOTE.test(s) && !ARCHIVE.test(s)))
      .map((b) => {
        const copyable = (b.args.extraFlags ?? []).length === 0 && b.args.checksum === undefined
        return diagnose(
          b,
          'warning',
          this.id,
          'ADD copies local files but also unpacks archives and downloads URLs, which can surprise. For plain files use COPY.',
          copyable ? replaceFix('Use COPY', b, replaceKeyword(b.instructionText, 'COPY')) : undefined
        )
      })
  }
}

/** Words that mean the command needs a shell (variables, pipes, quotes, globs …). */
const SHELL_SYNTAX = /[$|&;<>*?`'"\\(){}~#[\]!]|\s=|^=/

export const jsonArgsRecommended: Rule = {
  id: 'json-args-recommended',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    for (const keyword of ['CMD', 'ENTRYPOINT'] as const) {
      for (const b of instructionsOf(statements, keyword)) {
        if (b.args.form !== 'shell') continue
        const command = b.args.command
        const fix = SHELL_SYNTAX.test(command)
          ? undefined
          : replaceFix('Use the JSON (exec) form', b, renderFor(doc, keyword, { form: 'exec', args: command.split(/\s+/) }))
        const why =
          keyword === 'ENTRYPOINT'
            ? 'In shell form ENTRYPOINT runs under /bin/sh -c: it ignores CMD and docker run arguments, and the program does not receive docker stop\'s signal.'
            : 'In shell form CMD runs under /bin/sh -c, so the program does not receive docker stop\'s signal and is killed after a timeout.'
        out.push(diagnose(b, 'warning', this.id, `${why} Write it as a JSON list, e.g. ${keyword} ["python3", "app.py"].`, fix))
      }
    }
    return out
  }
}

export const multipleInstructions: Rule = {
  id: 'multiple-instructions-disallowed',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'] as const) {
      const byStage = new Map<number, StatementBlock[]>()
      const blocks = statements.filter((b) => b.kind === 'instruction' && b.keyword === keyword)
      for (const b of blocks) byStage.set(b.stageIndex, [...(byStage.get(b.stageIndex) ?? []), b])
      for (const blocks of byStage.values()) {
        const last = blocks[blocks.length - 1]
        for (const b of blocks.slice(0, -1)) {
          out.push(
            diagnose(
              b,
              'warning',
              this.id,
              `Only the last ${keyword} in a stage takes effect (line ${last?.instructionLine}), so this one does nothing. Remove it, or combine the two.`,
              { title: `Remove this ${keyword}`, edits: [{ blockId: b.id, expectedText: b.instructionText, newText: null }] }
            )
          )
        }
      }
    }
    return out
  }
}

function portNumbers(port: ArgsByKeyword['EXPOSE']['ports'][number]['port']): number[] {
  if (typeof port === 'number') return [port]
  const range = /^(\d+)-(\d+)$/.exec(port)
  return range ? [Number(range[1]), Number(range[2])] : []
}

export const exposePortRange: Rule = {
  id: 'expose-port-out-of-range',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const b of instructionsOf(statements, 'EXPOSE')) {
      const bad = b.args.ports.filter((p) => portNumbers(p.port).some((n) => n < 1 || n > 65535))
      if (bad.length === 0) continue
      out.push(
        diagnose(
          b,
          'error',
          this.id,
          `Port${bad.length > 1 ? 's' : ''} ${bad.map((p) => p.port).join(', ')} ${bad.length > 1 ? 'are' : 'is'} outside 1–65535, so the build fails. Use the port your application listens on, e.g. EXPOSE 8080.`
        )
      )
    }
    return out
  }
}

function isUnpinnable(from: InstructionBlockOf<'FROM'>, stageNames: Set<string>): boolean {
  const image = from.args.image.toLowerCase()
  return image === 'scratch' || image.includes('$') || stageNames.has(image) || from.args.digest !== undefined
}

export const fromTag: Rule = {
  id: 'from-no-tag',
  check({ statements }) {
    const out: Diagnostic[] = []
    const stageNames = new Set<string>()
    for (const b of instructionsOf(statements, 'FROM')) {
      if (!isUnpinnable(b, stageNames)) {
        if (b.args.tag === undefined) {
          out.push(
            diagnose(
              b,
              'warning',
              'from-no-tag',
              `${b.args.image} has no tag, so Docker uses "latest", which changes whenever a new version is published and can break the build later. Pin a tag, e.g. ${b.args.image}:<version>.`
            )
          )
        } else if (b.args.tag === 'latest') {
          out.push(
            diagnose(
              b,
              'warning',
              'from-latest-tag',
              `"latest" is whatever version was published last, so the build can change or break without any edit here. Pin a version tag instead of latest.`
            )
          )
        }
      }
      if (b.args.stageName) stageNames.add(b.args.stageName.toLowerCase())
    }
    return out
  }
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')
}

export const workdirRelative: Rule = {
  id: 'workdir-relative-path',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    const current = new Map<number, string>()
    for (const b of instructionsOf(statements, 'WORKDIR')) {
      const previous = current.get(b.stageIndex)
      const path = b.args.path
      if (isAbsolute(path)) {
        current.set(b.stageIndex, path)
        continue
      }
      const resolved = previous && previous.startsWith('/') && !previous.includes('$') ? `${previous.replace(/\/+$/, '')}/${path}` : undefined
      if (resolved) current.set(b.stageIndex, resolved)
      out.push(
        diagnose(
          b,
          'warning',
          this.id,
          `WORKDIR ${path} is relative, so it depends on the WORKDIR before it${previous ? '' : ' (here, the base image\'s)'}. Write the absolute path${resolved ? `: ${resolved}` : ', e.g. /app'}.`,
          resolved ? replaceFix(`Use ${resolved}`, b, renderFor(doc, 'WORKDIR', { path: resolved })) : undefined
        )
      )
    }
    return out
  }
}

export const maintainerDeprecated: Rule = {
  id: 'maintainer-deprecated',
  check({ doc, statements }) {
    return instructionsOf(statements, 'MAINTAINER').map((b) =>
      diagnose(
        b,
        'warning',
        this.id,
        'MAINTAINER is deprecated and tools do not read it. Use LABEL maintainer="name <email>".',
        replaceFix('Use LABEL maintainer=', b, renderFor(doc, 'LABEL', { pairs: [{ key: 'maintainer', value: b.args.name }] }))
      )
    )
  }
}
