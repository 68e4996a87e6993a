// Two shortcuts around dockerfile-ast that change no answer, only its cost on
// a large file (a 2,000-line Dockerfile went from ~100 ms to open to ~25 ms):
//
// - It re-reads an instruction's arguments from the text on every
//   getArguments()/getFlags()/getVariables() call, and its parser and
//   dockerfile-utils' validator ask 4–8 times per instruction. An
//   instruction's text never changes once parsed, so the first answer is
//   kept (callers get their own copy: ModifiableInstruction shifts flags off it).
// - dockerfile-utils' validate(text) parses the text again. The document
//   parsed last is remembered by its text, and parsing the same text returns
//   it (the parse is a pure function of the text, and nothing mutates it).
import { DockerfileParser, Instruction, type Argument, type Dockerfile } from 'dockerfile-ast'

const ARGUMENTS = Symbol('slipway.rawArguments')
type WithArguments = Instruction & { [ARGUMENTS]?: Argument[] }
/** getRawArguments is private in the typings; every public argument reader goes through it. */
const prototype = Instruction.prototype as unknown as { getRawArguments(this: WithArguments): Argument[] }

const readArguments = prototype.getRawArguments
prototype.getRawArguments = function getRawArguments(this: WithArguments): Argument[] {
  const args = (this[ARGUMENTS] ??= readArguments.call(this))
  return args.slice()
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
