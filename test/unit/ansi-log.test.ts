import { describe, expect, it } from 'vitest'
import { ansiLineToSpans } from '../../src/renderer/components/build/ansi'

const ESC = '\u001b'
const text = (line: string) =>
  ansiLineToSpans(line)
    .map((s) => s.text)
    .join('')

/** The log renders lines one after another (and caches each result), as BuildLog does. */
const renderLog = (lines: string[]) => lines.map((line) => ansiLineToSpans(line))

describe('ANSI log lines', () => {
  it('an unterminated OSC 8 hyperlink blanks nothing after its own line', () => {
    const [first, second, third] = renderLog([`see ${ESC}]8;;https://evil.example/x`, 'next line', `${ESC}[32mgreen${ESC}[0m`])
    expect(first!.map((s) => s.text).join('')).toBe('see ')
    expect(second).toEqual([{ text: 'next line', className: '', color: null, background: null }])
    expect(third).toEqual([{ text: 'green', className: 'ansi-green-fg', color: null, background: null }])
  })

  it('an incomplete CSI sequence or a colour left on stays on its line', () => {
    const [, afterIncomplete] = renderLog([`half ${ESC}[3`, '1mstill plain'])
    expect(afterIncomplete).toEqual([{ text: '1mstill plain', className: '', color: null, background: null }])
    const [, afterColour] = renderLog([`${ESC}[1;31mred and bold`, 'plain'])
    expect(afterColour).toEqual([{ text: 'plain', className: '', color: null, background: null }])
  })

  it('removes OSC sequences: titles and hyperlinks become their text, never a link', () => {
    expect(ansiLineToSpans(`a${ESC}]0;window title${ESC}\\b${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\c`)).toEqual([
      { text: 'abclickc', className: '', color: null, background: null }
    ])
    expect(text(`x\u009d0;title\u009cy${ESC}]2;bel-ended\u0007z`)).toBe('xyz')
  })

  it('gives the 16 colours and the text styles as classes, not inline styles', () => {
    expect(ansiLineToSpans(`${ESC}[1;3;4;2;91;44mloud${ESC}[0m quiet`)).toEqual([
      { text: 'loud', className: 'ansi-bright-red-fg ansi-blue-bg ansi-bold ansi-faint ansi-italic ansi-underline', color: null, background: null },
      { text: ' quiet', className: '', color: null, background: null }
    ])
  })

  it('keeps 256-colour and true-colour as rgb() values (set through the CSSOM, which the CSP allows)', () => {
    expect(ansiLineToSpans(`${ESC}[38;5;200;48;2;1;2;3mx`)).toEqual([{ text: 'x', className: '', color: 'rgb(255,0,215)', background: 'rgb(1,2,3)' }])
  })

  it('keeps markup in the log as text', () => {
    const hostile = `<img src=x onerror="alert(1)"> & 'quotes' ${ESC}[31m<script>x</script>`
    expect(text(hostile)).toBe(`<img src=x onerror="alert(1)"> & 'quotes' <script>x</script>`)
  })
})
