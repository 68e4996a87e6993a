// Rules about single instructions and their place in a stage.
import type { ArgsByKeyword, InstructionBlockOf } from '../../types'
import { replaceKeyword } from '../patch'
import type { Diagnostic, Rule } from '../types'
import { diagnose, hadolintCheck, instructionsOf, replaceFix } from '../util'

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
  id: 'hadolint/DL3020',
  check({ statements }) {
    return instructionsOf(statements, 'ADD')
      .filter((b) => b.args.sources.every((s) => !REMOTE.test(s) && !ARCHIVE.test(s)))
      .map((b) => {
        const copyable = (b.args.extraFlags ?? []).length === 0 && b.args.checksum === undefined
        return hadolintCheck(
          b,
          'DL3020',
          'warning',
          'ADD copies local files but also unpacks archives and downloads URLs, which can surprise. For plain files use COPY.',
          copyable ? replaceFix('Use COPY', b, replaceKeyword(b.instructionText, 'COPY')) : undefined
        )
      })
  }
}

/** A port's numbers: one, or a range's two; null when the text is not a port (variables are left alone). */
function portNumbers(port: ArgsByKeyword['EXPOSE']['ports'][number]['port']): number[] | null {
  if (typeof port === 'number') return [port]
  if (port.includes('$')) return []
  // `8080:80` is BuildKit's ExposeInvalidFormat; its container port is what counts here.
  const container = port.slice(port.lastIndexOf(':') + 1)
  const range = /^(\d+)(?:-(\d+))?$/.exec(container)
  return range ? [Number(range[1]), Number(range[2] ?? range[1])] : null
}

export const exposePorts: Rule = {
  id: 'hadolint/DL3011',
  check({ statements }) {
    const out: Diagnostic[] = []
    for (const b of instructionsOf(statements, 'EXPOSE')) {
      const numbers = b.args.ports.map((p) => ({ port: p.port, numbers: portNumbers(p.port) }))
      const notPorts = numbers.filter((p) => p.numbers === null)
      for (const p of notPorts) {
        out.push(
          diagnose(
            b,
            'error',
            'expose-invalid-port',
            `"${p.port}" is not a port number, so the build fails. Write a number such as 8080, a range such as 8000-8010, or a variable such as $PORT.`
          )
        )
      }
      const bad = numbers.filter((p) => p.numbers?.some((n) => n < 0 || n > 65535))
      if (bad.length === 0) continue
      out.push(
        hadolintCheck(
          b,
          'DL3011',
          'error',
          `Port${bad.length > 1 ? 's' : ''} ${bad.map((p) => p.port).join(', ')} ${bad.length > 1 ? 'are' : 'is'} outside 0–65535, so the build fails. Use the port your application listens on, e.g. EXPOSE 8080.`
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
  id: 'hadolint/DL3006',
  check({ statements }) {
    const out: Diagnostic[] = []
    const stageNames = new Set<string>()
    for (const b of instructionsOf(statements, 'FROM')) {
      if (!isUnpinnable(b, stageNames)) {
        if (b.args.tag === undefined) {
          out.push(
            hadolintCheck(
              b,
              'DL3006',
              'warning',
              `${b.args.image} has no tag, so Docker uses "latest", which changes whenever a new version is published and can break the build later. Pin a tag, e.g. ${b.args.image}:<version>.`
            )
          )
        } else if (b.args.tag === 'latest') {
          out.push(
            hadolintCheck(
              b,
              'DL3007',
              'warning',
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

