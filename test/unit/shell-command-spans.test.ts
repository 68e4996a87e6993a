import { describe, expect, it } from 'vitest'
import { splitSimpleCommands } from '../../src/shared/dockerfile/lint/shell'
import { shellCommandSpans, splitTopLevelAnd } from '../../src/shared/dockerfile/text'

const script = `apt-get update && (cd /x && make) || echo "a && b; c" ; ls 'p|q' | wc -l & sleep 1\\&&true`
const texts = (at: 'and' | 'operators') => shellCommandSpans(script, at).map(({ start, end }) => script.slice(start, end).trim())

describe('the one quote-aware scanner for RUN scripts', () => {
  it('splits at && outside quotes, escapes and parentheses', () => {
    expect(texts('and')).toEqual(['apt-get update', `(cd /x && make) || echo "a && b; c" ; ls 'p|q' | wc -l & sleep 1\\&&true`])
    expect(splitTopLevelAnd('a  &&   b   "x  y"&&')).toEqual(['a', 'b "x  y"'])
  })

  it('splits at every control operator, newline and parenthesis outside quotes and escapes', () => {
    expect(texts('operators')).toEqual(['apt-get update', '', 'cd /x', 'make', '', 'echo "a && b; c"', `ls 'p|q'`, 'wc -l', 'sleep 1\\&', 'true'])
    expect(splitSimpleCommands('a -y && b "c d"\ne')).toEqual([['a', '-y'], ['b', 'c d'], ['e']])
  })
})
