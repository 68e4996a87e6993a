// BuildKit's UndefinedVar: a variable read by an instruction the build expands
// (ENV, LABEL, ADD, COPY, WORKDIR, USER, VOLUME, STOPSIGNAL, EXPOSE, ARG
// defaults, RUN --mount) that no ARG or ENV before it defines
// (dockerfile2llb/convert.go dispatch → reportUnmatchedVariables). RUN's
// command is not expanded by the build (the shell does that), so it is not checked.
//
// BuildKit also knows the base image's ENV. Here that is known only for
// stages built FROM scratch or another stage of the file; on a stage built on
// a registry image, a name is reported only when it is a likely typo of a
// defined one (a "did you mean"), since the image may well define it.
import type { DockerfileDocument, StatementBlock } from '../../../types'
import { stagesOf } from '../../stage-chain'
import { syntaxOf } from '../../syntax-of'
import type { Diagnostic, Rule } from '../../types'
import { replaceFix } from '../../util'
import { suggestName, variablesInWord } from '../../variables'
import { globalArgsOf } from './stages'
import { buildkitCheck } from './check'

/** Build arguments the build reads itself and never puts in the environment. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE'])
/** Set by every image (BuildKit gives scratch a default PATH too). */
const ALWAYS_SET = ['PATH']

/** The raw words of an instruction that the build expands (ARG and ENV are handled item by item). */
function expandedWords(block: StatementBlock, doc: DockerfileDocument): string[] {
  if (block.kind !== 'instruction') return []
  const node = syntaxOf(block, doc.escapeChar)
  if (!node) return []
  const flagValues = (names: string[]) =>
    node.flags.filter((f) => names.some((n) => f.startsWith(`--${n}=`))).map((f) => f.slice(f.indexOf('=') + 1))
  switch (block.keyword) {
    case 'LABEL':
      return node.args.filter((_, i) => i % 3 !== 2)
    case 'COPY':
      return [...node.args.filter((w) => !w.startsWith('<<')), ...flagValues(['chown', 'chmod'])]
    case 'ADD':
      return [...node.args.filter((w) => !w.startsWith('<<')), ...flagValues(['chown', 'chmod', 'checksum'])]
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'VOLUME':
    case 'EXPOSE':
      return node.args
    case 'RUN':
      return flagValues(['mount'])
    default:
      return []
  }
}

/** What an instruction reads and declares, as far as UndefinedVar is concerned. */
interface Reads {
  /** Names its expanded words read (for ENV: its keys and values, expanded before any is set). */
  names: string[]
  /** ENV's keys, set after the line. */
  sets: string[]
  /** ARG's items in order: the name, and the names its default reads (null: no default). */
  args: { name: string; defaultReads: string[] | null }[]
}

const NOTHING: Reads = { names: [], sets: [], args: [] }

// Read once per arguments object: a block moved by an edit elsewhere keeps its arguments.
const readsCache = new WeakMap<object, { escapeChar: string; reads: Reads }>()

function readsOf(block: StatementBlock, doc: DockerfileDocument): Reads {
  if (block.kind !== 'instruction') return NOTHING
  // Most instructions read no variable: without a `$` (or a JSON `\u0024`) there is none to read,
  // and only ENV and ARG still declare names.
  if (block.keyword !== 'ENV' && block.keyword !== 'ARG' && !mayReadVariables(block.instructionText)) return NOTHING
  const kept = readsCache.get(block.args)
  if (kept?.escapeChar === doc.escapeChar) return kept.reads
  const reads = readInstruction(block, doc)
  readsCache.set(block.args, { escapeChar: doc.escapeChar, reads })
  return reads
}

function mayReadVariables(text: string): boolean {
  return text.includes('$') || text.includes('\\u')
}

function readInstruction(block: StatementBlock, doc: DockerfileDocument): Reads {
  if (block.kind !== 'instruction') return NOTHING
  if (block.keyword === 'ENV') {
    const node = syntaxOf(block, doc.escapeChar)
    if (!node) return NOTHING
    return { names: namesRead(node.args.filter((_, i) => i % 3 !== 2), doc), sets: block.args.pairs.map((p) => p.key), args: [] }
  }
  if (block.keyword === 'ARG') {
    const node = syntaxOf(block, doc.escapeChar)
    const args = (node?.args ?? []).map((item) => {
      const eq = item.indexOf('=')
      return eq === -1 ? { name: item, defaultReads: null } : { name: item.slice(0, eq), defaultReads: variablesInWord(item.slice(eq + 1), doc.escapeChar) }
    })
    return { names: [], sets: [], args }
  }
  return { names: namesRead(expandedWords(block, doc), doc), sets: [], args: [] }
}

/** The names each word reads, word after word (a name read by two words is there twice). */
function namesRead(words: readonly string[], doc: DockerfileDocument): string[] {
  const names: string[] = []
  for (const word of words) if (word.includes('$')) names.push(...variablesInWord(word, doc.escapeChar))
  return names
}

export const undefinedVar: Rule = {
  id: 'buildkit/UndefinedVar',
  check({ doc, statements }) {
    const out: Diagnostic[] = []
    const globals = globalArgsOf(doc, statements)
    const finalEnv = new Map<number, Set<string>>()
    for (const stage of stagesOf(statements)) {
      const env = new Set(stage.parent ? (finalEnv.get(stage.parent.index) ?? ALWAYS_SET) : ALWAYS_SET)
      const declared = new Set<string>()
      const report = (block: StatementBlock, names: Iterable<string>) => {
        for (const name of names) {
          if (env.has(name) || declared.has(name) || NON_ENV_ARGS.has(name)) continue
          const suggestion = suggestName(name, env)
          if (stage.externalBase && !suggestion) continue
          const pattern = new RegExp(`\\$(\\{?)${name}(?![\\p{L}\\p{Nd}_])`, 'gu')
          out.push(
            buildkitCheck(
              block,
              'UndefinedVar',
              'warning',
              `Usage of undefined variable '$${name}'${suggestion ? ` (did you mean $${suggestion}?)` : ''}. The build replaces it with an empty string; ${suggestion ? `use $${suggestion}, or ` : ''}declare it before this line with ARG ${name} or ENV ${name}=….`,
              suggestion ? replaceFix(`Use $${suggestion}`, block, block.instructionText.replace(pattern, `$$$1${suggestion}`)) : undefined
            )
          )
        }
      }
      for (const block of stage.statements) {
        if (block.kind !== 'instruction') continue
        const reads = readsOf(block, doc)
        if (reads.names.length > 0) report(block, reads.names)
        for (const key of reads.sets) env.add(key)
        for (const { name, defaultReads } of reads.args) {
          if (defaultReads !== null) {
            report(block, defaultReads)
            env.add(name)
          } else if (globals.values.has(name)) env.add(name)
          declared.add(name)
        }
      }
      finalEnv.set(stage.index, env)
    }
    return out
  }
}
