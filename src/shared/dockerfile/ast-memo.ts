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

/** The whole documents parsed most recently, by text (a few: opening a file, then linting it). */
const parsed = new Map<string, Dockerfile>()
const REMEMBERED = 2

const parse = DockerfileParser.parse.bind(DockerfileParser)
DockerfileParser.parse = function parseOrRecall(text: string): Dockerfile {
  return parsed.get(text) ?? parse(text)
}

/** Parses a whole document and remembers it for the validation that follows. */
export function parseDocument(text: string): Dockerfile {
  const dockerfile = DockerfileParser.parse(text)
  parsed.delete(text)
  parsed.set(text, dockerfile)
  if (parsed.size > REMEMBERED) parsed.delete(parsed.keys().next().value as string)
  return dockerfile
}

/** True while `text` is one of the remembered documents (validating it whole costs no second parse). */
export function isRemembered(text: string): boolean {
  return parsed.has(text)
}
