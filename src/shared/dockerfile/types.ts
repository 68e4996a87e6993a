// The Dockerfile document model: an ordered list of blocks whose texts,
// concatenated, are exactly the source text.

export const INSTRUCTION_KEYWORDS = [
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL'
] as const

export type Keyword = (typeof INSTRUCTION_KEYWORDS)[number]

const KEYWORDS: ReadonlySet<string> = new Set(INSTRUCTION_KEYWORDS)

/** Whether `word` (any case) is a Dockerfile instruction: the one keyword list the build, the model and image history read. */
export function isInstructionKeyword(word: string): boolean {
  return KEYWORDS.has(word.toUpperCase())
}

export type LineEnding = '\n' | '\r\n'
export type EscapeCharacter = '\\' | '`'

/** A `--name=value` flag as written (value null for a bare `--name`). */
export interface Flag {
  name: string
  value: string | null
}

export interface FromArgs {
  image: string
  tag?: string
  digest?: string
  platform?: string
  stageName?: string
  extraFlags?: Flag[]
}

export interface RunHeredoc {
  /** What follows the keyword and flags on the first line, e.g. `<<EOF` or `python3 <<'EOT'`. */
  header: string
  delimiter: string
  /** The file descriptor the script is given on (`RUN 3<<EOF`); absent for standard input. */
  fd?: number
  /** `<<-EOF`: leading tabs are removed from the script lines and the delimiter line. */
  chomp?: boolean
  /** False when the delimiter is quoted (`<<'EOF'`): the script is used as written, variables not expanded. */
  expand?: boolean
}

export interface RunArgs {
  form: 'shell' | 'exec' | 'heredoc'
  /** Shell form: the commands joined by top-level `&&`. Heredoc form: the lines of the script. Exec form: one entry, the arguments joined by spaces (display only). */
  commands: string[]
  /** Exec form arguments. */
  args?: string[]
  heredoc?: RunHeredoc
  mounts?: string[]
  network?: string
  security?: string
  extraFlags?: Flag[]
}

export interface CopyArgs {
  sources: string[]
  destination: string
  from?: string
  chown?: string
  chmod?: string
  link?: boolean
  /** ADD only. */
  checksum?: string
  extraFlags?: Flag[]
}

export type CommandArgs =
  | { form: 'exec'; args: string[] }
  | { form: 'shell'; command: string }

export type PortProtocol = 'tcp' | 'udp' | 'sctp'

export interface ExposedPort {
  /** A number, or text such as a range (`8000-8010`) or a variable (`$PORT`). */
  port: number | string
  protocol: PortProtocol
}

export interface ExposeArgs {
  ports: ExposedPort[]
}

export interface KeyValuePair {
  key: string
  value: string
}

export interface PairsArgs {
  pairs: KeyValuePair[]
}

export interface ArgDeclaration {
  name: string
  defaultValue?: string
}

export interface ArgArgs extends ArgDeclaration {
  /** Further names declared by the same ARG (`ARG A=1 B=2`). */
  more?: ArgDeclaration[]
}

export interface WorkdirArgs {
  path: string
}

export interface UserArgs {
  user: string
  group?: string
}

export interface VolumeArgs {
  paths: string[]
}

export interface HealthcheckArgs {
  none: boolean
  interval?: string
  timeout?: string
  startPeriod?: string
  startInterval?: string
  retries?: number | string
  /** The probe command; absent when `none`. */
  command?: CommandArgs
}

export interface ShellArgs {
  args: string[]
}

export interface StopsignalArgs {
  signal: string
}

export interface OnbuildArgs {
  /** The trigger instruction as text, e.g. `COPY . /app`. */
  trigger: string
}

export interface MaintainerArgs {
  name: string
}

export interface ArgsByKeyword {
  FROM: FromArgs
  RUN: RunArgs
  CMD: CommandArgs
  LABEL: PairsArgs
  MAINTAINER: MaintainerArgs
  EXPOSE: ExposeArgs
  ENV: PairsArgs
  ADD: CopyArgs
  COPY: CopyArgs
  ENTRYPOINT: CommandArgs
  VOLUME: VolumeArgs
  USER: UserArgs
  WORKDIR: WorkdirArgs
  ARG: ArgArgs
  ONBUILD: OnbuildArgs
  STOPSIGNAL: StopsignalArgs
  HEALTHCHECK: HealthcheckArgs
  SHELL: ShellArgs
}

export type InstructionArgs = ArgsByKeyword[Keyword]

/** Where a block lies in the text. Lines are 1-based and inclusive; offsets are 0-based, end exclusive. */
export interface SourceRange {
  startOffset: number
  endOffset: number
  startLine: number
  endLine: number
}

interface BlockBase {
  id: string
  /** The exact source text of the block, including its line terminator(s). */
  text: string
  range: SourceRange
}

export interface DirectiveBlock extends BlockBase {
  kind: 'directive'
  name: string
  value: string
}

export interface CommentBlock extends BlockBase {
  kind: 'comment'
  /** Comment lines without the leading `#` and surrounding whitespace. */
  lines: string[]
}

export interface BlankBlock extends BlockBase {
  kind: 'blank'
}

/** Shared by instruction and raw blocks: the comments directly above and the stage. */
interface StatementBase extends BlockBase {
  /** The comment lines directly above the instruction (their text), part of `text`. */
  commentText: string
  /** Contents of those comment lines without `#`. */
  comments: string[]
  /** The instruction's own text: from its first line to its last, without the final line terminator. */
  instructionText: string
  /** The line terminator after the instruction ('' at the end of a file without a final newline). */
  lineEnd: string
  /** 1-based line where the keyword is. */
  instructionLine: number
  /** Index of the build stage (0-based), or -1 before the first FROM. */
  stageIndex: number
  stageName?: string
  flags: Flag[]
}

export interface InstructionBlockOf<K extends Keyword> extends StatementBase {
  kind: 'instruction'
  keyword: K
  args: ArgsByKeyword[K]
}

export type InstructionBlock = { [K in Keyword]: InstructionBlockOf<K> }[Keyword]

/** Text kept as it is: an unknown instruction, or one that does not parse cleanly (then `problem` says why). */
export interface RawBlock extends StatementBase {
  kind: 'raw'
  /** The upper-cased first word, if there is one. */
  keyword?: string
  problem?: string
}

export type Block = DirectiveBlock | CommentBlock | BlankBlock | InstructionBlock | RawBlock
export type StatementBlock = InstructionBlock | RawBlock

export interface DockerfileDocument {
  readonly blocks: readonly Block[]
  /** The line ending new text is written with: CRLF when the source mostly uses CRLF. */
  readonly eol: LineEnding
  readonly escapeChar: EscapeCharacter
  /** Counter for fresh block ids (ids are `b<number>`). */
  readonly nextId: number
  /** Ids of the blocks the last edit created or rewrote (for focus and highlighting). */
  readonly changedBlockIds?: readonly string[]
}

export interface RenderOptions {
  eol?: LineEnding
  escapeChar?: EscapeCharacter
}

export interface Stage {
  index: number
  name?: string
  /** The base image as written, e.g. `python:3.12-slim` or a previous stage's name. */
  baseImage: string
  /** The FROM block and every block after it up to the next FROM. */
  blockIds: string[]
}

export interface ArgInfo {
  name: string
  defaultValue?: string
  /** -1 for an ARG before the first FROM (usable in FROM lines). */
  stageIndex: number
  blockId: string
  line: number
}
