import { describe, expect, it } from 'vitest'
import { INSTRUCTION_KEYWORDS, instructionHelp, parseDockerfile } from '../../../src/shared/dockerfile'

describe('instructionHelp', () => {
  it('covers every keyword with a summary, notes and an example that parses', () => {
    expect(Object.keys(instructionHelp).sort()).toEqual([...INSTRUCTION_KEYWORDS].sort())
    for (const keyword of INSTRUCTION_KEYWORDS) {
      const help = instructionHelp[keyword]
      expect(help.summary.length).toBeGreaterThan(20)
      expect(help.notes.length).toBeGreaterThan(0)
      const doc = parseDockerfile(`FROM a:1\n${help.example}\n`)
      expect(doc.blocks[1]?.kind, keyword).toBe('instruction')
    }
  })

  it('says what EXPOSE and CMD do not do', () => {
    expect(instructionHelp.EXPOSE.notes.join(' ')).toMatch(/-p/)
    expect(instructionHelp.CMD.notes.join(' ')).toMatch(/last CMD/)
    expect(instructionHelp.RUN.notes.join(' ')).toMatch(/layer/)
    expect(instructionHelp.COPY.notes.join(' ')).toMatch(/build context/)
  })
})
