// Each tool's suppressions and .hadolint.yaml, read from real files.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { addSuppression, lintDockerfile, parseDockerfile, serializeDockerfile, suppressionChoices, type LintContext } from '../../../src/shared/dockerfile'
import { readHadolintConfig } from '../../../src/main/files/hadolint-config'

const lint = (text: string, context?: LintContext) => lintDockerfile(parseDockerfile(text), context)
const rules = (text: string, context?: LintContext) => lint(text, context).map((d) => d.rule)

describe('BuildKit suppressions', () => {
  const text = 'FROM alpine:3 AS Build\nMAINTAINER me\n'

  it('# check=skip= skips the named checks in the whole file, skip=all every check', () => {
    expect(rules(text)).toEqual(expect.arrayContaining(['buildkit/StageNameCasing', 'buildkit/MaintainerDeprecated']))
    const skipped = rules(`# check=skip=StageNameCasing, MaintainerDeprecated\n${text}`)
    expect(skipped).not.toContain('buildkit/StageNameCasing')
    expect(skipped).not.toContain('buildkit/MaintainerDeprecated')
    // hadolint's DL4000 says the same and is not skipped by BuildKit's directive.
    expect(skipped).toContain('hadolint/DL4000')
    expect(rules(`# check=skip=all\n${text}`).filter((r) => r.startsWith('buildkit/'))).toEqual([])
  })

  it('a # check=skip= comment before an instruction skips it there only (Dockerfile 1.21+)', () => {
    const found = rules('FROM alpine:3\n# check=skip=JSONArgsRecommended\n\nCMD run me\nFROM alpine:3\nCMD run me\n')
    expect(found.filter((r) => r === 'buildkit/JSONArgsRecommended')).toHaveLength(1)
  })

  it('# check=error=true makes every BuildKit finding an error (the build fails on them)', () => {
    const found = lint(`# check=error=true\n${text}`)
    expect(found.filter((d) => d.rule.startsWith('buildkit/')).every((d) => d.severity === 'error')).toBe(true)
    expect(found.find((d) => d.rule === 'hadolint/DL3006')).toBeUndefined()
  })
})

describe('hadolint suppressions', () => {
  it('# hadolint ignore= silences the next instruction only, # hadolint global ignore= the whole file', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=DL3004\nRUN sudo a\nRUN sudo b\n'
    expect(lint(text).filter((d) => d.rule === 'hadolint/DL3004').map((d) => d.line)).toEqual([4])
    expect(rules(`# hadolint global ignore=DL3004,DL3003\n${text}`)).not.toContain('hadolint/DL3004')
  })

  it(".hadolint.yaml's ignored and override apply to DL rules (and to BuildKit checks by name)", () => {
    const text = 'FROM ubuntu\nRUN sudo a\nMAINTAINER me\n'
    expect(rules(text, { hadolint: { ignored: ['DL3006'] } })).not.toContain('hadolint/DL3006')
    const overridden = lint(text, { hadolint: { override: { error: ['DL3004'], style: ['MaintainerDeprecated'] } } })
    expect(overridden.find((d) => d.rule === 'hadolint/DL3004')?.severity).toBe('error')
    expect(overridden.find((d) => d.rule === 'buildkit/MaintainerDeprecated')?.severity).toBe('warning')
  })
})

describe('"Ignore here" in the form the person picks', () => {
  const add = (text: string, line: number, rule: string, form?: Parameters<typeof addSuppression>[3]) => {
    const doc = parseDockerfile(text)
    const block = doc.blocks.find((b) => (b.kind === 'instruction' || b.kind === 'raw') && b.instructionLine === line)
    if (!block) throw new Error(`no instruction on line ${line}`)
    return serializeDockerfile(addSuppression(doc, block.id, rule, form))
  }

  it('offers each tool its own forms, the usual one first', () => {
    expect(suppressionChoices('buildkit/StageNameCasing').map((c) => c.comment)).toEqual(['# check=skip=StageNameCasing', '# check=skip=StageNameCasing'])
    expect(suppressionChoices('hadolint/DL3008').map((c) => c.form)).toEqual(['hadolint-here', 'hadolint-file'])
    expect(suppressionChoices('copy-source-missing').map((c) => c.form)).toEqual(['slipway-here'])
  })

  it('BuildKit: the # check=skip= directive at the top (extended when there is one), or a comment above the instruction', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM alpine:3 AS Build\nMAINTAINER me\n'
    const once = add(text, 2, 'buildkit/StageNameCasing')
    expect(once).toBe('# check=skip=StageNameCasing\n# syntax=docker/dockerfile:1\nFROM alpine:3 AS Build\nMAINTAINER me\n')
    expect(add(once, 4, 'buildkit/MaintainerDeprecated')).toBe('# check=skip=StageNameCasing,MaintainerDeprecated\n# syntax=docker/dockerfile:1\nFROM alpine:3 AS Build\nMAINTAINER me\n')
    expect(add('# check=error=true\nFROM a:1 AS B\n', 2, 'buildkit/StageNameCasing')).toBe('# check=error=true;skip=StageNameCasing\nFROM a:1 AS B\n')
    expect(add(text, 2, 'buildkit/StageNameCasing', 'buildkit-here')).toBe('# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing\nFROM alpine:3 AS Build\nMAINTAINER me\n')
    for (const result of [once, add(text, 2, 'buildkit/StageNameCasing', 'buildkit-here')]) expect(rules(result)).not.toContain('buildkit/StageNameCasing')
  })

  it('hadolint: # hadolint ignore= above the instruction (extended), or # hadolint global ignore= after the directives', () => {
    const text = '# escape=\\\nFROM ubuntu\nRUN sudo cd /x\n'
    const once = add(text, 3, 'hadolint/DL3004')
    expect(once).toBe('# escape=\\\nFROM ubuntu\n# hadolint ignore=DL3004\nRUN sudo cd /x\n')
    expect(add(once, 4, 'hadolint/DL3003')).toBe('# escape=\\\nFROM ubuntu\n# hadolint ignore=DL3004,DL3003\nRUN sudo cd /x\n')
    const global = add(text, 2, 'hadolint/DL3006', 'hadolint-file')
    expect(global).toBe('# escape=\\\n\n# hadolint global ignore=DL3006\nFROM ubuntu\nRUN sudo cd /x\n')
    expect(rules(global)).not.toContain('hadolint/DL3006')
  })
})

describe('.hadolint.yaml on disk', () => {
  let dir = ''
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('is read next to the Dockerfile first, then in the context; a broken one says why it is not used', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'slipway-hadolint-'))
    await mkdir(path.join(dir, 'docker'))
    const dockerfile = path.join(dir, 'docker', 'Dockerfile')
    expect(await readHadolintConfig(dockerfile, dir)).toBeNull()
    await writeFile(path.join(dir, '.hadolint.yaml'), 'ignored:\n  - DL3008\ntrustedRegistries: [docker.io, ghcr.io]\nfailure-threshold: warning\n')
    const inContext = await readHadolintConfig(dockerfile, dir)
    expect(inContext).toEqual({ path: path.join(dir, '.hadolint.yaml'), config: { ignored: ['DL3008'], trustedRegistries: ['docker.io', 'ghcr.io'] } })
    await writeFile(path.join(dir, 'docker', '.hadolint.yml'), 'override:\n  info: [DL3006]\n')
    expect((await readHadolintConfig(dockerfile, dir))?.config).toEqual({ override: { info: ['DL3006'] } })
    await writeFile(path.join(dir, 'docker', '.hadolint.yml'), 'ignored: DL3008\n')
    expect((await readHadolintConfig(dockerfile, dir))?.problem).toMatch(/ignored should be a list of rule names/)
    await writeFile(path.join(dir, 'docker', '.hadolint.yml'), 'ignored: [DL3008\n')
    expect((await readHadolintConfig(dockerfile, dir))?.problem).toMatch(/is not valid YAML/)
  })
})
