// BuildKit's static build checks: each fires on its case with BuildKit's own
// message first (as `docker build --check` prints it), and stays quiet on the
// clean cases, including the forms BuildKit itself accepts.
import { describe, expect, it } from 'vitest'
import { applyFix, lintDockerfile, parseDockerfile, serializeDockerfile, type LintContext } from '../../../src/shared/dockerfile'
import { BUILDKIT_RULES } from '../../../src/shared/dockerfile/lint'
import { editDistance, expandWord, suggestName, variablesInWord } from '../../../src/shared/dockerfile/lint/variables'

const lint = (text: string, context?: LintContext) => lintDockerfile(parseDockerfile(text), context)
const only = (text: string, check: string, context?: LintContext) => lint(text, context).filter((d) => d.rule === `buildkit/${check}`)

interface Case {
  check: string
  bad: string
  /** BuildKit's message for the first finding. */
  message: string
  good: string
  line?: number
  context?: LintContext
}

const cases: Case[] = [
  { check: 'StageNameCasing', bad: 'FROM alpine:3 AS Builder\n', message: "Stage name 'Builder' should be lowercase", good: 'FROM alpine:3 AS builder\n' },
  {
    check: 'FromAsCasing',
    bad: 'FROM alpine:3 as builder\n',
    message: "'as' and 'FROM' keywords' casing do not match",
    good: 'FROM alpine:3 AS builder\nfrom alpine:3 as other\nFrom alpine:3 as mixed\n'
  },
  {
    check: 'NoEmptyContinuation',
    bad: 'FROM alpine:3\nRUN apk add \\\n\n    curl\n',
    message: 'Empty continuation line',
    good: 'FROM alpine:3\nRUN apk add \\\n    # a comment line is fine\n    curl\nRUN <<EOF\necho a\n\necho b\nEOF\n'
  },
  {
    check: 'ConsistentInstructionCasing',
    bad: 'FROM alpine:3\nRUN a\nrun b\nCOPY x /y\n',
    message: "Command 'run' should match the case of the command majority (uppercase)",
    good: 'from alpine:3\nrun a\ncopy x /y\n',
    line: 3
  },
  {
    check: 'DuplicateStageName',
    bad: 'FROM alpine:3 AS base\nFROM alpine:3 AS BASE\n',
    message: 'Duplicate stage name "base", stage names should be unique',
    good: 'FROM alpine:3 AS base\nFROM base AS app\n',
    line: 2
  },
  {
    check: 'ReservedStageName',
    bad: 'FROM alpine:3 AS scratch\n',
    message: 'Stage name should not use the same name as reserved stage "scratch"',
    good: 'FROM scratch AS empty\n'
  },
  {
    check: 'JSONArgsRecommended',
    bad: 'FROM alpine:3\nENTRYPOINT my-app --serve\n',
    message: 'JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals',
    good: 'FROM alpine:3\nENTRYPOINT ["my-app"]\nFROM alpine:3\nSHELL ["/bin/bash", "-c"]\nCMD my-app --serve\n'
  },
  {
    check: 'MaintainerDeprecated',
    bad: 'FROM alpine:3\nMAINTAINER Jane <jane@example.com>\n',
    message: 'Maintainer instruction is deprecated in favor of using label',
    good: 'FROM alpine:3\nLABEL org.opencontainers.image.authors="Jane"\n'
  },
  {
    check: 'UndefinedArgInFrom',
    bad: 'ARG VERSION=3\nFROM alpine:${VERSIN}\n',
    message: "FROM argument 'VERSIN' is not declared (did you mean VERSION?)",
    good: 'ARG VERSION=3\nARG BASE\nFROM alpine:${VERSION} AS a\nFROM --platform=$BUILDPLATFORM ${BASE:-alpine} AS b\n'
  },
  {
    check: 'WorkdirRelativePath',
    bad: 'FROM alpine:3\nWORKDIR app\n',
    message: 'Relative workdir "app" can have unexpected results if the base image changes',
    good: 'FROM alpine:3\nWORKDIR /app\nWORKDIR src\nFROM alpine:3\nWORKDIR $HOME/app\n'
  },
  {
    check: 'UndefinedVar',
    bad: 'FROM scratch\nARG VERSION=1\nCOPY app-$VERSON /app\n',
    message: "Usage of undefined variable '$VERSON' (did you mean $VERSION?)",
    good: 'FROM alpine:3\nENV PATH=$PATH:/opt/bin\nENV HOME_DIR=$HOME\nARG TOKEN\nCOPY $TOKEN /x\nRUN echo $UNDEFINED_IN_RUN\n'
  },
  {
    check: 'MultipleInstructionsDisallowed',
    bad: 'FROM alpine:3\nCMD ["a"]\nCMD ["b"]\n',
    message: 'Multiple CMD instructions should not be used in the same stage because only the last one will be used',
    good: 'FROM alpine:3 AS a\nCMD ["a"]\nFROM alpine:3\nCMD ["b"]\nENTRYPOINT ["c"]\n',
    line: 2
  },
  {
    check: 'LegacyKeyValueFormat',
    bad: 'FROM alpine:3\nENV APP_HOME /app\n',
    message: '"ENV key=value" should be used instead of legacy "ENV key value" format',
    good: 'FROM alpine:3\nENV APP_HOME=/app\nLABEL a="b c"\n'
  },
  {
    check: 'RedundantTargetPlatform',
    bad: 'FROM --platform=$TARGETPLATFORM alpine:3\n',
    message: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
    good: 'FROM --platform=$BUILDPLATFORM alpine:3\n'
  },
  {
    check: 'SecretsUsedInArgOrEnv',
    bad: 'FROM alpine:3\nARG GITHUB_TOKEN\n',
    message: 'Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN")',
    good: 'ARG NPM_TOKEN\nFROM alpine:3\nENV PUBLIC_KEY=x KEY_FILE=/k TOKENIZER=1 NODE_VERSION=20\n'
  },
  {
    check: 'InvalidDefaultArgInFrom',
    bad: 'ARG TAG\nFROM alpine:$TAG\n',
    message: 'Default value for ARG alpine:$TAG results in empty or invalid base image name',
    good: 'ARG TAG=3\nFROM alpine:$TAG\n'
  },
  {
    check: 'FromPlatformFlagConstDisallowed',
    bad: 'FROM --platform=linux/amd64 alpine:3 AS build\n',
    message: 'FROM --platform flag should not use constant value "linux/amd64"',
    good: 'FROM --platform=linux/amd64 alpine:3 AS build-amd64\nFROM --platform=$BUILDPLATFORM alpine:3\n'
  },
  {
    check: 'CopyIgnoredFile',
    bad: 'FROM alpine:3\nCOPY .env /app/\n',
    message: 'Attempting to Copy file ".env" that is excluded by .dockerignore',
    good: 'FROM alpine:3\nCOPY app.py /app/\n',
    context: { files: ['app.py'], ignoredFiles: ['.env'] }
  },
  { check: 'ExposeProtoCasing', bad: 'FROM alpine:3\nEXPOSE 53/UDP\n', message: "Defined protocol '53/UDP' in EXPOSE instruction should be lowercase", good: 'FROM alpine:3\nEXPOSE 53/udp 80\n' },
  {
    check: 'ExposeInvalidFormat',
    bad: 'FROM alpine:3\nEXPOSE 8080:80\n',
    message: "EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80'",
    good: 'FROM alpine:3\nEXPOSE 80 8000-8010/tcp\n'
  }
]

describe('BuildKit build checks', () => {
  it('covers every static check BuildKit has (InvalidBaseImagePlatform needs the engine)', () => {
    expect(cases.map((c) => c.check).sort()).toEqual(
      [
        'StageNameCasing', 'FromAsCasing', 'NoEmptyContinuation', 'ConsistentInstructionCasing', 'DuplicateStageName', 'ReservedStageName',
        'JSONArgsRecommended', 'MaintainerDeprecated', 'UndefinedArgInFrom', 'WorkdirRelativePath', 'UndefinedVar', 'MultipleInstructionsDisallowed',
        'LegacyKeyValueFormat', 'RedundantTargetPlatform', 'SecretsUsedInArgOrEnv', 'InvalidDefaultArgInFrom', 'FromPlatformFlagConstDisallowed',
        'CopyIgnoredFile', 'ExposeProtoCasing', 'ExposeInvalidFormat'
      ].sort()
    )
    expect(BUILDKIT_RULES.length).toBeGreaterThan(0)
  })

  describe.each(cases)('$check', ({ check, bad, message, good, line, context }) => {
    it("fires with BuildKit's message, what to do, and the check's page", () => {
      const found = only(bad, check, context)
      expect(found.length).toBeGreaterThan(0)
      const first = found[0]!
      expect(first.message.startsWith(message)).toBe(true)
      expect(first.message.length).toBeGreaterThan(message.length + 10)
      expect(first.data?.url).toMatch(/^https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\/[a-z-]+\/$/)
      if (line !== undefined) expect(first.line).toBe(line)
    })

    it('stays quiet on clean input', () => {
      expect(only(good, check, context)).toEqual([])
    })
  })

  it('reports UndefinedVar in a stage built on an image only when the name looks like a typo (the image may define it)', () => {
    expect(only('FROM python:3.12\nENV X=$PYTHON_VERSION\n', 'UndefinedVar')).toEqual([])
    expect(only('FROM python:3.12\nARG APP_VERSION=1\nENV X=$APP_VERSON\n', 'UndefinedVar')).toHaveLength(1)
    expect(only('FROM scratch\nENV X=$NOPE\n', 'UndefinedVar')[0]?.message).toMatch(/^Usage of undefined variable '\$NOPE'\. /)
    // An ENV's own keys are set after the whole instruction is expanded; a stage sees its parent stage's ENV.
    expect(only('FROM scratch\nENV A=1 B=$A\n', 'UndefinedVar')).toHaveLength(1)
    expect(only('FROM scratch AS base\nENV A=1\nFROM base\nENV B=$A\n', 'UndefinedVar')).toEqual([])
    // A global ARG is seen in a stage only once declared there.
    expect(only("ARG V=1\nFROM scratch\nLABEL v=$V\n", 'UndefinedVar')).toHaveLength(1)
    expect(only("ARG V=1\nFROM scratch\nARG V\nLABEL v=$V '$NOT_EXPANDED' \\$ESCAPED\n", 'UndefinedVar')).toEqual([])
    // JSON decodes \u0024 to `$` before the build expands the words.
    expect(only('FROM scratch\nCOPY ["\\u0024NOPE", "/x"]\n', 'UndefinedVar')).toHaveLength(1)
  })

  it('merges a DL rule that says the same thing into the BuildKit diagnostic, naming both', () => {
    const found = lint('FROM alpine:3\nMAINTAINER me\n').filter((d) => d.rule === 'buildkit/MaintainerDeprecated' || d.rule === 'hadolint/DL4000')
    expect(found).toHaveLength(1)
    expect(found[0]?.data?.alsoReportedBy).toEqual([{ rule: 'hadolint/DL4000', url: 'https://github.com/hadolint/hadolint/wiki/DL4000' }])
    expect(found[0]?.message).toMatch(/also hadolint DL4000/)
  })
})

describe('BuildKit check fixes', () => {
  function fixed(text: string, check: string): string {
    const doc = parseDockerfile(text)
    const d = lintDockerfile(doc).find((x) => x.rule === `buildkit/${check}`)
    if (!d?.fix) throw new Error(`no fix for ${check}`)
    const next = applyFix(doc, d.fix)
    expect(lintDockerfile(next).map((x) => x.rule)).not.toContain(`buildkit/${check}`)
    return serializeDockerfile(next)
  }

  it('fixes casing without touching the rest of the line', () => {
    expect(fixed('FROM alpine:3 AS Build\nFROM Build\n', 'StageNameCasing')).toBe('FROM alpine:3 AS build\nFROM Build\n')
    expect(fixed('FROM alpine:3 as build\n', 'FromAsCasing')).toBe('FROM alpine:3 AS build\n')
    expect(fixed('FROM alpine:3\nRUN a\nRun b \\\n  c\n', 'ConsistentInstructionCasing')).toBe('FROM alpine:3\nRUN a\nRUN b \\\n  c\n')
    expect(fixed('FROM alpine:3\nEXPOSE 80/TCP 53/udp\n', 'ExposeProtoCasing')).toBe('FROM alpine:3\nEXPOSE 80/tcp 53/udp\n')
  })

  it('writes legacy ENV/LABEL as key=value with the same value', () => {
    expect(fixed('FROM alpine:3\nENV APP_HOME /app\n', 'LegacyKeyValueFormat')).toBe('FROM alpine:3\nENV APP_HOME=/app\n')
    expect(fixed('FROM alpine:3\nENV DEPS \\\n\t\tautoconf \\\n\t\tmake\n', 'LegacyKeyValueFormat')).toBe(
      'FROM alpine:3\nENV DEPS="autoconf \\\n\t\tmake"\n'
    )
    const before = parseDockerfile('FROM alpine:3\nENV DEPS \\\n\t\tautoconf \\\n\t\tmake\n').blocks[1]
    const after = parseDockerfile('FROM alpine:3\nENV DEPS="autoconf \\\n\t\tmake"\n').blocks[1]
    expect(after?.kind === 'instruction' && after.keyword === 'ENV' && after.args.pairs).toEqual(before?.kind === 'instruction' && before.keyword === 'ENV' && before.args.pairs)
    expect(only("FROM alpine:3\nENV A 'quoted value'\n", 'LegacyKeyValueFormat')[0]?.fix).toBeUndefined()
  })

  it('removes a redundant --platform, an empty continuation line, and MAINTAINER becomes an OCI label', () => {
    expect(fixed('FROM --platform=$TARGETPLATFORM alpine:3 AS a\n', 'RedundantTargetPlatform')).toBe('FROM alpine:3 AS a\n')
    expect(fixed('FROM alpine:3\nRUN apk add \\\n\n    curl\n', 'NoEmptyContinuation')).toBe('FROM alpine:3\nRUN apk add \\\n    curl\n')
    expect(fixed('FROM alpine:3\nMAINTAINER Jane\n', 'MaintainerDeprecated')).toBe('FROM alpine:3\nLABEL org.opencontainers.image.authors=Jane\n')
    expect(fixed('FROM alpine:3\nEXPOSE 8080:80/tcp\n', 'ExposeInvalidFormat')).toBe('FROM alpine:3\nEXPOSE 80/tcp\n')
    expect(fixed('FROM scratch\nARG VERSION=1\nCOPY app-$VERSON /app\n', 'UndefinedVar')).toBe('FROM scratch\nARG VERSION=1\nCOPY app-$VERSION /app\n')
  })
})

describe('variables as BuildKit reads them', () => {
  it('finds the names a word reads, outside single quotes and escapes, inside modifiers', () => {
    expect(variablesInWord('$A ${B} "${C:-$D}" \'$E\' \\$F ${G/x/$H} ${I#*.}', '\\')).toEqual(['A', 'B', 'D', 'C', 'H', 'G', 'I'])
    expect(variablesInWord('`$A $B', '`')).toEqual(['B'])
  })

  it('expands with defaults, and says which names matched', () => {
    const x = expandWord('${IMAGE:-alpine}:$TAG', '\\', new Map([['TAG', '3']]))
    expect(x.result).toBe('alpine:3')
    expect([...x.matched]).toEqual(['TAG'])
    expect([...x.unmatched]).toEqual(['IMAGE'])
  })

  it('suggests the closest name within two edits, as BuildKit does', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(suggestName('VERSON', ['VERSION', 'OTHER'])).toBe('VERSION')
    expect(suggestName('VERSION', ['VERSION', 'VERSIO'])).toBeUndefined()
    expect(suggestName('ABC', ['XYZ'])).toBeUndefined()
  })
})
