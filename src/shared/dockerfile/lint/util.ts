import { renderInstruction } from '../render'
import type { DockerfileDocument, InstructionBlock, InstructionBlockOf, Keyword, StatementBlock } from '../types'
import type { Diagnostic, Fix, Severity } from './types'

export function diagnose(block: StatementBlock, severity: Severity, rule: string, message: string, fix?: Fix): Diagnostic {
  return {
    line: block.instructionLine,
    ...(block.range.endLine > block.instructionLine ? { endLine: block.range.endLine } : {}),
    severity,
    rule,
    message,
    blockId: block.id,
    ...(fix ? { fix } : {})
  }
}

const grouped = new WeakMap<readonly StatementBlock[], Map<string, InstructionBlock[]>>()

/** The instructions with a keyword, in order (grouped once per statement list, since every rule asks). */
export function instructionsOf<K extends Keyword>(statements: readonly StatementBlock[], keyword: K): InstructionBlockOf<K>[] {
  let groups = grouped.get(statements)
  if (!groups) {
    groups = new Map()
    for (const b of statements) {
      if (b.kind !== 'instruction') continue
      const list = groups.get(b.keyword)
      if (list) list.push(b)
      else groups.set(b.keyword, [b])
    }
    grouped.set(statements, groups)
  }
  return (groups.get(keyword) ?? []) as InstructionBlockOf<K>[]
}

export function replaceFix(title: string, block: StatementBlock, newText: string): Fix {
  return { title, edits: [{ blockId: block.id, expectedText: block.instructionText, newText }] }
}

export function renderFor<K extends Keyword>(doc: DockerfileDocument, keyword: K, args: Parameters<typeof renderInstruction<K>>[1]): string {
  return renderInstruction(keyword, args, { eol: doc.eol, escapeChar: doc.escapeChar })
}

/** https://github.com/hadolint/hadolint/wiki/DL3008 */
export function hadolintWikiUrl(code: string): string {
  return `https://github.com/hadolint/hadolint/wiki/${code}`
}

/** A finding of one of hadolint's DL rules: rule id `hadolint/DL3008`, the id at the end of the message, the wiki page in data. */
export function hadolintCheck(block: StatementBlock, code: string, severity: Severity, message: string, fix?: Fix): Diagnostic {
  return { ...diagnose(block, severity, `hadolint/${code}`, `${message} (hadolint ${code})`, fix), data: { url: hadolintWikiUrl(code) } }
}
