import { AnsiUp } from 'ansi_up'

/** A run of log text with its ANSI look: CSS classes for the 16 colours and the text styles, rgb() for 256 and true colours. */
export interface AnsiSpan {
  text: string
  className: string
  color: string | null
  background: string | null
}

// OSC sequences (window titles, OSC 8 hyperlinks, …): ESC ] or C1 OSC, up to BEL or ST. One that is never
// terminated runs to the end of the line, and goes with it.
// eslint-disable-next-line no-control-regex -- matching control sequences is the point
const oscSequence = /(?:\u001b\]|\u009d)(?:[^\u0007\u001b\u009c]|\u001b(?!\\))*(?:\u0007|\u001b\\|\u009c|$)/g

// ansi_up writes these words into its style list; they become our classes, never inline styles.
const textStyles: Record<string, string> = { bold: 'ansi-bold', faint: 'ansi-faint', italic: 'ansi-italic', underline: 'ansi-underline' }

// ansi_up's output, text escaped: `<span style="…" class="…">text</span>` runs, or bare text.
const ansiUpRun = /<span(?: style="([^"<>]*)")?(?: class="([^"<>]*)")?>([^<]*)<\/span>|([^<]+)/g

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'" }
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#x27);/g, (entity) => entities[entity]!)

/**
 * One log line as styled runs. Each line starts from a fresh ANSI state, so an unterminated sequence or a
 * colour left on cannot reach the next line; OSC sequences are removed, so no link or title comes through.
 */
export function ansiLineToSpans(line: string): AnsiSpan[] {
  const ansi = new AnsiUp()
  ansi.use_classes = true
  ansi.boldStyle = 'bold'
  ansi.faintStyle = 'faint'
  ansi.italicStyle = 'italic'
  ansi.underlineStyle = 'underline'
  const html = ansi.ansi_to_html(line.replace(oscSequence, ''))
  const spans: AnsiSpan[] = []
  for (const match of html.matchAll(ansiUpRun)) {
    const [, style, classes, styled, bare] = match
    if (bare !== undefined) {
      spans.push({ text: unescape(bare), className: '', color: null, background: null })
      continue
    }
    const classNames = classes ? classes.split(' ') : []
    let color: string | null = null
    let background: string | null = null
    for (const entry of style ? style.split(';') : []) {
      if (textStyles[entry]) classNames.push(textStyles[entry])
      else if (/^color:rgb\(\d{1,3},\d{1,3},\d{1,3}\)$/.test(entry)) color = entry.slice('color:'.length)
      else if (/^background-color:rgb\(\d{1,3},\d{1,3},\d{1,3}\)$/.test(entry)) background = entry.slice('background-color:'.length)
    }
    spans.push({ text: unescape(styled ?? ''), className: classNames.join(' '), color, background })
  }
  return spans
}
