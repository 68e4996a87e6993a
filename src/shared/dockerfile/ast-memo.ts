// Shortcuts around dockerfile-ast that change no answer, only its cost on a
// large file:
//
// - It re-reads an instruction's arguments from the text on every
//   getArguments()/getFlags()/getVariables() call, and its parser and
//   dockerfile-utils' validator ask 4–8 times per instruction. An
//   instruction's text never changes once parsed, so the first answer is
//   kept (callers get their own copy: ModifiableInstruction shifts flags off it).
// - dockerfile-utils' validate(text) parses the text again. The document
//   parsed last is remembered by its text, and parsing the same text returns
//   it (the parse is a pure function of the text, and nothing mutates it).
//   The model reads text with its own parser (syntax.ts); dockerfile-ast
//   only serves dockerfile-utils' validation.
// - Resolving a variable ($BASE, ${PORT}) lists every FROM of the file by
//   walking all its instructions, so validating a whole file costs
//   instructions × variables. Instructions are only ever appended (while
//   parsing), so the list is kept until their count changes.
import { DockerfileParser, Instruction, type Argument, type Dockerfile, type From } from 'dockerfile-ast'
import { ImageTemplate } from 'dockerfile-ast/lib/imageTemplate'

const ARGUMENTS = Symbol('slipway.rawArguments')
type WithArguments = Instruction & { [ARGUMENTS]?: Argument[] }
/** getRawArguments is private in the typings; every public argument reader goes through it. */
const prototype = Instruction.prototype as unknown as { getRawArguments(this: WithArguments): Argument[] }

const readArguments = prototype.getRawArguments
prototype.getRawArguments = function getRawArguments(this: WithArguments): Argument[] {
  const args = (this[ARGUMENTS] ??= readArguments.call(this))
  return args.slice()
}

const FROMS = Symbol('slipway.froms')
type WithFroms = ImageTemplate & { [FROMS]?: { count: number; froms: From[] } }

const listFroms = ImageTemplate.prototype.getFROMs
ImageTemplate.prototype.getFROMs = function getFROMs(this: WithFroms): From[] {
  const count = this.getInstructions().length
  let kept = this[FROMS]
  if (kept?.count !== count) {
    kept = { count, froms: listFroms.call(this) }
    this[FROMS] = kept
  }
  return kept.froms.slice()
}

/**
 * The whole documents read most recently, by text (a few: opening a file,
 * then linting it), with dockerfile-ast's tree once validation has asked
 * for it (null until then: the model itself no longer needs that tree).
 */
const parsed = new Map<string, Dockerfile | null>()
const REMEMBERED = 2

const parse = DockerfileParser.parse.bind(DockerfileParser)
DockerfileParser.parse = function parseOrRecall(text: string): Dockerfile {
  const kept = parsed.get(text)
  if (kept) return kept
  const tree = parse(text)
  if (kept === null) parsed.set(text, tree)
  return tree
}

function remember(text: string, tree: Dockerfile | null): void {
  parsed.delete(text)
  parsed.set(text, tree)
  if (parsed.size > REMEMBERED) parsed.delete(parsed.keys().next().value as string)
}

/** Records that the model read `text` whole: validating it whole then parses it once, and only once. */
export function rememberParsed(text: string): void {
  if (!parsed.has(text)) remember(text, null)
}

/** Parses a whole document with dockerfile-ast and remembers it for the validation that follows. */
export function parseDocument(text: string): Dockerfile {
  const dockerfile = DockerfileParser.parse(text)
  remember(text, dockerfile)
  return dockerfile
}

/** True while `text` is one of the remembered documents (validating it whole costs at most one parse). */
export function isRemembered(text: string): boolean {
  return parsed.has(text)
}
