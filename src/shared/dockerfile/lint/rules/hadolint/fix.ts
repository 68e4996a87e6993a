// One-click fixes for the DL rules, built on lint/patch.ts: each touches only
// the words that change, so the RUN keeps its layout and comments.
import { splitWords } from '../../../text'
import type { DockerfileDocument, StatementBlock } from '../../../types'
import { patchCommands } from '../../patch'
import type { Fix } from '../../types'
import { replaceFix } from '../../util'
import { baseName } from './shell'

type Words = (words: string[]) => boolean

/** Where the first word with one of these values starts and ends in `text` (after `after` words). */
function findWord(text: string, values: readonly string[], after = 0): { start: number; end: number } | undefined {
  const words = splitWords(text, '\\')
  for (let i = after; i < words.length; i++) {
    const word = words[i]
    if (word && values.includes(word.value)) return { start: word.start, end: word.end }
  }
  return undefined
}

/**
 * Adds `option` right after the first of `words` that is not the program
 * (`apt-get install` → `apt-get install -y`), or right after the program when
 * `words` names it, in every command `wanted` picks; undefined when nothing changed.
 */
export function addOptionFix(
  doc: DockerfileDocument,
  block: StatementBlock,
  wanted: Words,
  words: readonly string[],
  option: string,
  title: string
): Fix | undefined {
  const patched = patchCommands(block, doc.escapeChar, wanted, (text) => {
    const at = findWord(text, words, 0)
    return at ? `${text.slice(0, at.end)} ${option}${text.slice(at.end)}` : text
  })
  return patched === null ? undefined : replaceFix(title, block, patched)
}

/** Renames the program of every command `wanted` picks (`apt` → `apt-get`). */
export function renameProgramFix(doc: DockerfileDocument, block: StatementBlock, wanted: Words, from: string, to: string, title: string): Fix | undefined {
  const patched = patchCommands(block, doc.escapeChar, wanted, (text) => {
    const words = splitWords(text, '\\')
    const word = words.find((w) => baseName(w.value) === from && w.raw.endsWith(from))
    return word ? `${text.slice(0, word.start)}${word.raw.slice(0, word.raw.length - from.length)}${to}${text.slice(word.end)}` : text
  })
  return patched === null ? undefined : replaceFix(title, block, patched)
}

/** Puts `SHELL [...]` on its own line before the instruction (its comments stay above both). */
export function shellBeforeFix(doc: DockerfileDocument, block: StatementBlock, shell: readonly string[]): Fix {
  const indent = /^[ \t]*/.exec(block.instructionText)?.[0] ?? ''
  const json = `[${shell.map((w) => JSON.stringify(w)).join(', ')}]`
  return replaceFix(`Add SHELL ${json} before this RUN`, block, `${indent}SHELL ${json}${doc.eol}${block.instructionText}`)
}

/** Removes one `--name=value` flag from an instruction's first line. */
export function removeFlagFix(block: StatementBlock, name: string, title: string): Fix | undefined {
  const pattern = new RegExp(`[ \\t]+--${name}=("[^"]*"|'[^']*'|\\S+)`)
  const newText = block.instructionText.replace(pattern, '')
  return newText === block.instructionText ? undefined : replaceFix(title, block, newText)
}
