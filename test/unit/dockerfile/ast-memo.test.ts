import { DockerfileParser, type Instruction, type ModifiableInstruction } from 'dockerfile-ast'
import { validate } from 'dockerfile-utils'
import { describe, expect, it } from 'vitest'
import { isRemembered, parseDocument } from '../../../src/shared/dockerfile/ast-memo'

const TEXT = 'FROM --platform=linux/amd64 debian:bookworm AS base\nCOPY --chown=app:app --chmod=644 a b /app/\nEXPOSE 80 443/udp\n'

describe('dockerfile-ast shortcuts', () => {
  it('answers every argument question as often as it is asked, each caller with its own array', () => {
    const [, copy, expose] = DockerfileParser.parse(TEXT).getInstructions() as [Instruction, ModifiableInstruction, Instruction]
    const first = copy.getArguments()
    first.shift()
    expect(copy.getArguments().map((a) => a.getValue())).toStrictEqual(['a', 'b', '/app/'])
    expect(copy.getFlags().map((f) => f.getName())).toStrictEqual(['chown', 'chmod'])
    expect(expose.getArguments()).not.toBe(expose.getArguments())
    expect(expose.getArguments().map((a) => a.getValue())).toStrictEqual(['80', '443/udp'])
  })

  it('gives a remembered document back for the same text only', () => {
    const text = `${TEXT}# ${Math.random()}\n`
    expect(isRemembered(text)).toBe(false)
    const tree = parseDocument(text)
    expect(isRemembered(text)).toBe(true)
    expect(DockerfileParser.parse(text)).toBe(tree)
    expect(DockerfileParser.parse(`${text} `)).not.toBe(tree)
  })

  it('remembers only the last few documents', () => {
    const texts = [1, 2, 3].map((n) => `FROM debian:${n}\n`)
    for (const text of texts) parseDocument(text)
    expect(texts.map(isRemembered)).toStrictEqual([false, true, true])
  })

  it('lists the FROMs of the file and of each stage, each caller with its own array', () => {
    const tree = DockerfileParser.parse('ARG V=1\nFROM a:$V AS one\nRUN x\nFROM one\nRUN y\n')
    const froms = tree.getFROMs()
    froms.pop()
    expect(tree.getFROMs().map((f) => f.getImageName())).toStrictEqual(['a', 'one'])
    expect(tree.getContainingImage({ line: 4, character: 0 })?.getFROMs().map((f) => f.getImageName())).toStrictEqual(['one'])
    expect(tree.resolveVariable('V', 1)).toBe('1')
  })

  it('leaves validate() answers unchanged', () => {
    const text = 'from debian\nEXPOSE 99999\nWORKDIR app\nCMD a\nCMD b\n'
    const fresh = validate(text)
    parseDocument(text)
    expect(validate(text)).toStrictEqual(fresh)
  })
})
