// COPY/ADD sources checked against a listing of the build context.
import { indexContext, normalizeSource, sourceExists, type ContextIndex } from '../context-files'
import type { Diagnostic, Rule } from '../types'
import { diagnose, instructionsOf } from '../util'
import { buildkitCheck } from './buildkit/check'

const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i

function describe(source: string): string {
  return /[*?[]/.test(source) ? `No file in the build context matches ${source}` : `${source} is not in the build context`
}

// The editor lints on every keystroke with the same listing: index it once.
const indexes = new WeakMap<readonly string[], ContextIndex>()

function indexOf(files: readonly string[]): ContextIndex {
  let index = indexes.get(files)
  if (!index) {
    index = indexContext(files)
    indexes.set(files, index)
  }
  return index
}

export const copySource: Rule = {
  id: 'copy-source-missing',
  check({ statements, context }) {
    if (!context.files) return []
    const files = indexOf(context.files)
    const ignored = context.ignoredFiles ? indexOf(context.ignoredFiles) : undefined
    const out: Diagnostic[] = []
    const blocks = [...instructionsOf(statements, 'COPY'), ...instructionsOf(statements, 'ADD')].sort((a, b) => a.instructionLine - b.instructionLine)
    for (const b of blocks) {
      if (b.args.from !== undefined) continue
      for (const source of b.args.sources) {
        if (REMOTE.test(source) || source.includes('$') || sourceExists(files, source)) continue
        if (ignored && sourceExists(ignored, source)) {
          const cmd = b.keyword === 'ADD' ? 'Add' : 'Copy'
          out.push(
            buildkitCheck(
              b,
              'CopyIgnoredFile',
              'error',
              `Attempting to ${cmd} file "${normalizeSource(source) || '.'}" that is excluded by .dockerignore, so it is not sent to the build and ${b.keyword} fails. Remove the matching line from .dockerignore, or add an exception line !${normalizeSource(source)}.`
            )
          )
        } else if (normalizeSource(source).split('/')[0] === '..') {
          out.push(
            diagnose(
              b,
              'error',
              this.id,
              `${source} is outside the build context: ${b.keyword} can only read files inside the context folder. Move the file into it, or choose a larger build context.`
            )
          )
        } else {
          out.push(
            diagnose(
              b,
              'error',
              this.id,
              `${describe(source)}, so ${b.keyword} fails. Check the spelling and that the file is in the context folder (paths are relative to it, not to the Dockerfile).`
            )
          )
        }
      }
    }
    return out
  }
}
