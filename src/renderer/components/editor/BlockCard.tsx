import { useSortable } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { memo, useCallback, useId, useState, type KeyboardEvent } from 'react'
import {
  defaultArgs,
  INSTRUCTION_KEYWORDS,
  instructionHelp,
  renderInstruction,
  setBlockText,
  updateInstruction,
  type ArgsByKeyword,
  type Block,
  type Diagnostic,
  type EscapeCharacter,
  type Keyword,
  type LineEnding
} from '../../../shared/dockerfile'
import { useDockerfile } from '../../store/dockerfile'
import { AddInstructionMenu } from './AddInstructionMenu'
import { BlockDiagnostics } from './BlockDiagnostics'
import { cleanArgs } from './clean'
import { Icon } from './icons'
import { InstructionFields } from './fields/InstructionFields'
import { blockLabel } from './summary'

export interface StageInfo {
  index: number
  name?: string
  baseImage: string
  /** This block starts the stage (its FROM), or is the first block before any FROM. */
  starts: boolean
  /** Show stage headers at all (only when there is more than one stage or global ARGs). */
  show: boolean
}

export interface BlockCardProps {
  block: Block
  style: { eol: LineEnding; escapeChar: EscapeCharacter }
  stage: StageInfo
  stageNames: readonly string[]
  diagnostics: readonly Diagnostic[]
  selected: boolean
  /** The last build failed at this instruction, with this message. */
  buildFailure?: string | undefined
  flash: boolean
  isFirst: boolean
  isLast: boolean
  line: number
  onMove(id: string, direction: 'up' | 'down', focusLabel: string): void
  onDuplicate(id: string): void
  onDelete(id: string): void
  onAddAfter(id: string, keyword: Keyword): void
  /** In a long list where only some blocks are rendered: this block's place in the whole list. */
  place?: { index: number; count: number }
  /** Receives the block's element so its height can be measured (long lists). */
  measure?: (element: Element | null) => void
}

const ADD_AFTER = { label: 'Add instruction after' }

function isKeyword(word: string | undefined): word is Keyword {
  return word !== undefined && (INSTRUCTION_KEYWORDS as readonly string[]).includes(word)
}

interface Draft {
  /** The instruction text these arguments render to (what the document holds). */
  source: string
  args: ArgsByKeyword[Keyword] | null
}

/**
 * The arguments the form starts from: the instruction's own, or for a keyword with nothing filled in yet
 * (a new block: `RUN` alone) the empty ones, so the form shows its placeholders instead of raw text.
 */
function formArgs(block: Block, style: BlockCardProps['style']): ArgsByKeyword[Keyword] | null {
  if (block.kind === 'instruction') return block.args
  if (block.kind !== 'raw' || !isKeyword(block.keyword)) return null
  const empty = defaultArgs(block.keyword)
  return block.instructionText === renderInstruction(block.keyword, empty, style) ? empty : null
}

function BlockCardView(props: BlockCardProps) {
  const { block, style, stage, diagnostics, selected, flash, isFirst, isLast } = props
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: block.id })
  const { measure, place } = props
  const rootRef = useCallback(
    (element: HTMLDivElement | null) => {
      setNodeRef(element)
      measure?.(element)
    },
    [setNodeRef, measure]
  )
  const [helpOpen, setHelpOpen] = useState(false)
  const helpId = useId()
  const statement = block.kind === 'instruction' || block.kind === 'raw' ? block : null
  const keyword = statement?.keyword
  const source = statement?.instructionText ?? block.text

  // The form edits a draft of the arguments. It is replaced when the text changes elsewhere (text
  // view, a fix, undo); edits made here keep it, with any rows not filled in yet.
  const [draft, setDraft] = useState<Draft>(() => ({ source, args: formArgs(block, style) }))
  let current = draft
  if (draft.source !== source) {
    current = { source, args: formArgs(block, style) }
    setDraft(current)
  }

  const commitArgs = (args: ArgsByKeyword[Keyword]) => {
    if (!isKeyword(keyword)) return
    const clean = cleanArgs(keyword, args)
    const text = renderInstruction(keyword, clean, style)
    setDraft({ source: text, args })
    useDockerfile.getState().edit((doc) => updateInstruction(doc, block.id, clean))
  }

  const label = blockLabel(block, style.escapeChar)
  const help = isKeyword(keyword) ? instructionHelp[keyword] : undefined
  const typed = isKeyword(keyword) && current.args !== null
  const problem = block.kind === 'raw' ? block.problem : undefined

  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
    e.preventDefault()
    props.onMove(block.id, e.key === 'ArrowUp' ? 'up' : 'down', e.key === 'ArrowUp' ? 'Move up' : 'Move down')
  }

  const classes = [
    'block',
    `block-${block.kind}`,
    keyword ? `kw-${keyword.toLowerCase()}` : '',
    stage.show ? `stage-rail stage-${((stage.index % 4) + 4) % 4}` : '',
    selected ? 'selected' : '',
    props.buildFailure ? 'build-failed' : '',
    flash ? 'flash' : '',
    isDragging ? 'dragging' : '',
    diagnostics.some((d) => d.severity === 'error') ? 'has-error' : diagnostics.length ? 'has-warning' : ''
  ]

  return (
    <div
      ref={rootRef}
      role="listitem"
      aria-label={label}
      {...(place ? { 'data-index': place.index, 'aria-posinset': place.index + 1, 'aria-setsize': place.count } : {})}
      aria-current={selected ? 'true' : undefined}
      aria-describedby={props.buildFailure ? `${helpId}-failure` : undefined}
      data-block-id={block.id}
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      onKeyDown={onKeyDown}
      onFocus={() => useDockerfile.getState().select(block.id)}
      onMouseDown={() => useDockerfile.getState().select(block.id)}
    >
      {stage.show && stage.starts && (
        <div className="stage-header">
          {stage.index < 0 ? (
            <span>Before the first FROM: build arguments for FROM lines</span>
          ) : (
            <span>
              <strong>Stage {stage.index + 1}</strong>
              {stage.name ? ` · ${stage.name}` : ''}
              {stage.baseImage ? <span className="muted"> · from {stage.baseImage}</span> : null}
            </span>
          )}
        </div>
      )}
      <div className="block-head">
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="drag-handle icon-button"
          {...attributes}
          {...listeners}
          aria-label="Drag to reorder"
          title="Drag to reorder (or focus and press Space, then the arrow keys)"
        >
          <Icon name="drag" />
        </button>
        <span className="keyword-badge">{keyword ?? (block.kind === 'comment' ? '#' : block.kind === 'directive' ? '#' : '')}</span>
        <span className="block-summary" title={label}>
          {statement ? label.slice((keyword ?? '').length).trim() : label}
        </span>
        <span className="line-number muted">line {props.line}</span>
        <span className="block-actions">
          {help && (
            <button type="button" className="icon-button" aria-label="Help" aria-expanded={helpOpen} aria-controls={helpId} title={`What ${keyword} does`} onClick={() => setHelpOpen(!helpOpen)}>
              <Icon name="help" />
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Move up" title="Move up (Alt+↑)" disabled={isFirst} onClick={() => props.onMove(block.id, 'up', 'Move up')}>
            <Icon name="up" />
          </button>
          <button type="button" className="icon-button" aria-label="Move down" title="Move down (Alt+↓)" disabled={isLast} onClick={() => props.onMove(block.id, 'down', 'Move down')}>
            <Icon name="down" />
          </button>
          <button type="button" className="icon-button" aria-label="Duplicate" title="Duplicate" onClick={() => props.onDuplicate(block.id)}>
            <Icon name="duplicate" />
          </button>
          <AddInstructionMenu compact={ADD_AFTER} onAdd={(keyword) => props.onAddAfter(block.id, keyword)} />
          <button type="button" className="icon-button danger" aria-label="Delete" title="Delete" onClick={() => props.onDelete(block.id)}>
            <Icon name="delete" />
          </button>
        </span>
      </div>
      {help && helpOpen && (
        <div className="block-help" id={helpId}>
          <p>{help.summary}</p>
          {help.notes.map((note) => (
            <p key={note} className="help-note">
              {note}
            </p>
          ))}
          <p>
            Example: <code>{help.example}</code>
          </p>
        </div>
      )}
      {props.buildFailure && (
        <p className="block-build-failure" id={`${helpId}-failure`}>
          <strong>The last build failed here.</strong> {props.buildFailure}
        </p>
      )}
      {problem && <p className="block-problem">{problem}</p>}
      {typed && isKeyword(keyword) ? (
        <InstructionFields keyword={keyword} args={current.args!} stageNames={props.stageNames} onChange={commitArgs} />
      ) : (
        <RawText block={block} />
      )}
      {/* The lint repeats a parse problem (already said above the form) as a diagnostic: say it once. */}
      <BlockDiagnostics diagnostics={problem ? diagnostics.filter((d) => d.message !== problem) : diagnostics} />
    </div>
  )
}

/** Text kept as it is: comments, directives, and instructions that do not parse. */
function RawText({ block }: { block: Block }) {
  const statement = block.kind === 'instruction' || block.kind === 'raw' ? block : null
  const text = statement ? statement.instructionText : block.text.replace(/\r?\n$/, '')
  const label = block.kind === 'comment' ? 'Comment text' : block.kind === 'directive' ? 'Directive text' : 'Instruction text'
  return (
    <textarea
      className="raw-text"
      aria-label={label}
      spellCheck={false}
      value={text}
      rows={Math.min(8, text.split('\n').length)}
      onChange={(e) => {
        const value = e.target.value
        useDockerfile.getState().edit((doc) => setBlockText(doc, block.id, value))
      }}
    />
  )
}

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => d.message === b[i]?.message && d.rule === b[i]?.rule && d.fix?.edits[0]?.expectedText === b[i]?.fix?.edits[0]?.expectedText)
}

export const BlockCard = memo(BlockCardView, (a, b) =>
  a.block.id === b.block.id &&
  a.block.text === b.block.text &&
  a.block.kind === b.block.kind &&
  a.line === b.line &&
  a.selected === b.selected &&
  a.buildFailure === b.buildFailure &&
  a.flash === b.flash &&
  a.isFirst === b.isFirst &&
  a.isLast === b.isLast &&
  a.style.eol === b.style.eol &&
  a.style.escapeChar === b.style.escapeChar &&
  a.stage.index === b.stage.index &&
  a.stage.starts === b.stage.starts &&
  a.stage.show === b.stage.show &&
  a.stage.name === b.stage.name &&
  a.stage.baseImage === b.stage.baseImage &&
  a.stageNames.join('\u0000') === b.stageNames.join('\u0000') &&
  sameDiagnostics(a.diagnostics, b.diagnostics) &&
  a.onMove === b.onMove &&
  a.onAddAfter === b.onAddAfter &&
  a.place?.index === b.place?.index &&
  a.place?.count === b.place?.count &&
  a.measure === b.measure
)
