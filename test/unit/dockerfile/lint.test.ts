import { describe, expect, it } from 'vitest'
import {
  addSuppression,
  applyFix,
  lintDockerfile,
  parseDockerfile,
  serializeDockerfile,
  setBlockText,
  type Diagnostic,
  type LintContext
} from '../../../src/shared/dockerfile'
import { RULES } from '../../../src/shared/dockerfile/lint'
import { hadolintRules } from '../../../src/shared/dockerfile/lint/rules/hadolint'
import { fixtureNames, readFixture } from './helpers'

/** The DL rules of the hadolint set are tested in lint-hadolint.test.ts. */
const HADOLINT_SET = new Set(hadolintRules.map((r) => r.id))

const lint = (text: string, context?: LintContext) => lintDockerfile(parseDockerfile(text), context)
const rulesOf = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.rule)
/** Diagnostics of a rule, also where it is merged into another tool's diagnostic that says the same. */
const only = (text: string, rule: string, context?: LintContext) =>
  lint(text, context).filter((d) => d.rule === rule || d.data?.alsoReportedBy?.some((o) => o.rule === rule))

const GOOD_APT = 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'

interface Case {
  rule: string
  bad: string
  good: string
  context?: LintContext
  line?: number
}

const cases: Case[] = [
  { rule: 'invalid-instruction', bad: 'FROM a:1\nRUNN x\n', good: 'FROM a:1\nRUN x\n', line: 2 },
  {
    rule: 'invalid-flag',
    bad: 'FROM a:1\nRUN --frob=1 make\nHEALTHCHECK --interval=30 CMD true\nENV --x=1 A=b\n',
    good: 'FROM --platform=$BUILDPLATFORM a:1\nRUN --mount=type=cache,target=/x make\nHEALTHCHECK --interval=30s --retries=3 CMD true\nCOPY --link --chmod=644 a /b\n'
  },
  { rule: 'hadolint/DL3000', bad: 'FROM a:1\nWORKDIR /app\nWORKDIR src\n', good: 'FROM a:1\nWORKDIR /app\nWORKDIR $HOME/src\n', line: 3 },
  { rule: 'hadolint/DL3025', bad: 'FROM a:1\nCMD run me\n', good: 'FROM a:1\nCMD ["run", "me"]\n' },
  { rule: 'hadolint/DL4000', bad: 'FROM a:1\nMAINTAINER me\n', good: 'FROM a:1\nLABEL org.opencontainers.image.authors=me\n' },
  { rule: 'hadolint/DL4003', bad: 'FROM a:1\nCMD ["a"]\nCMD ["b"]\n', good: 'FROM a:1 AS x\nCMD ["a"]\nFROM a:1\nCMD ["b"]\n', line: 2 },
  { rule: 'hadolint/DL4004', bad: 'FROM a:1\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n', good: 'FROM a:1\nENTRYPOINT ["a"]\nCMD ["b"]\n' },
  { rule: 'hadolint/DL3012', bad: 'FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n', good: 'FROM a:1\nHEALTHCHECK CMD true\n' },
  { rule: 'invalid-stage-name', bad: 'FROM a:1 AS 1st\n', good: 'FROM a:1 AS First.stage-2_x\n' },
  { rule: 'no-source-image', bad: 'EXPOSE 80\nFROM a:1\n', good: 'ARG V=1\nFROM a:$V\n', line: 1 },
  { rule: 'json-in-single-quotes', bad: "FROM a:1\nCMD ['a', 'b']\n", good: 'FROM a:1\nCMD ["a", "b"]\nRUN echo \'[x]\'\n' },
  { rule: 'expose-invalid-port', bad: 'FROM a:1\nEXPOSE abc\n', good: 'FROM a:1\nEXPOSE 80 8000-8010/udp $PORT\n' },
  { rule: 'hadolint/DL3006', bad: 'FROM ubuntu\n', good: 'FROM ubuntu:24.04\nFROM scratch\nFROM ubuntu@sha256:abc\n' },
  { rule: 'hadolint/DL3007', bad: 'FROM ubuntu:latest\n', good: 'FROM ubuntu:24.04 AS base\nFROM base\n' },
  { rule: 'apt-update-alone', bad: `FROM debian:12\nRUN apt-get update\n${GOOD_APT}\n`, good: `FROM debian:12\n${GOOD_APT}\n`, line: 2 },
  {
    rule: 'hadolint/DL3014',
    bad: 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    good: 'FROM debian:12\nRUN apt-get update && apt-get install -qy --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get --yes install --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n'
  },
  {
    rule: 'hadolint/DL3015',
    bad: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    good: `FROM debian:12\n${GOOD_APT}\n`
  },
  {
    rule: 'hadolint/DL3009',
    bad: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    good: `FROM debian:12\n${GOOD_APT}\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends git\n`
  },
  {
    rule: 'python2-package',
    bad: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python-pip python-dev && rm -rf /var/lib/apt/lists/*\n',
    good: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip python3-dev python-is-python3 && rm -rf /var/lib/apt/lists/*\n'
  },
  { rule: 'hadolint/DL3004', bad: 'FROM a:1\nRUN sudo make install\n', good: 'FROM a:1\nRUN make install && echo sudo\n' },
  { rule: 'hadolint/DL3003', bad: 'FROM a:1\nRUN cd /src && make\n', good: 'FROM a:1\nWORKDIR /src\nRUN make && echo cd\n' },
  {
    rule: 'hadolint/DL3042',
    bad: 'FROM python:3.12\nRUN pip install flask\n',
    good: 'FROM python:3.12\nRUN pip install --no-cache-dir flask\nRUN python3 -m pip install --no-cache-dir -r requirements.txt\nRUN pip freeze\n'
  },
  {
    rule: 'hadolint/DL3020',
    bad: 'FROM a:1\nADD app.py /app/\n',
    good: 'FROM a:1\nADD https://example.com/x.tar.gz /tmp/\nADD vendor.tar.gz /opt/\nCOPY app.py /app/\n'
  },
  {
    rule: 'copy-source-missing',
    bad: 'FROM a:1\nCOPY app.py requirements.txt /app/\n',
    good: 'FROM a:1 AS b\nCOPY app.py src/ ./static/*.css /app/\nCOPY ["src/main.py", "/x/"]\nCOPY . /app\nCOPY --from=b /etc/hosts /tmp/\nCOPY $FILE /tmp/\n',
    context: { files: ['app.py', 'src/main.py', 'static/site.css'] }
  },
  {
    rule: 'buildkit/CopyIgnoredFile',
    bad: 'FROM a:1\nCOPY .env /app/\n',
    good: 'FROM a:1\nCOPY app.py /app/\n',
    context: { files: ['app.py'], ignoredFiles: ['.env'] }
  },
  { rule: 'buildkit/JSONArgsRecommended', bad: 'FROM a:1\nCMD python3 app.py\n', good: 'FROM a:1\nCMD ["python3", "app.py"]\n' },
  {
    rule: 'buildkit/MultipleInstructionsDisallowed',
    bad: 'FROM a:1\nCMD ["a"]\nCMD ["b"]\n',
    good: 'FROM a:1 AS one\nCMD ["a"]\nFROM a:1\nCMD ["b"]\n',
    line: 2
  },
  { rule: 'hadolint/DL3011', bad: 'FROM a:1\nEXPOSE 80 99999\n', good: 'FROM a:1\nEXPOSE 1 65535 53/udp 8000-8010 $PORT\n' },
  { rule: 'buildkit/WorkdirRelativePath', bad: 'FROM a:1\nWORKDIR app\n', good: 'FROM a:1\nWORKDIR /app\nWORKDIR $HOME/x\n' },
  { rule: 'buildkit/MaintainerDeprecated', bad: 'FROM a:1\nMAINTAINER me\n', good: 'FROM a:1\nLABEL maintainer=me\n' }
]

describe('lint rules', () => {
  it('every rule Slipway reports has a case here or in lint-buildkit.test.ts', () => {
    const ids = new Set(RULES.map((r) => r.id).filter((id) => !id.startsWith('buildkit/') && !HADOLINT_SET.has(id)))
    for (const id of ids) expect(cases.map((c) => c.rule)).toContain(id)
  })

  describe.each(cases)('$rule', ({ rule, bad, good, context, line }) => {
    it('reports the problem, with a message that says what to do', () => {
      const found = only(bad, rule, context)
      expect(found.length).toBeGreaterThan(0)
      for (const d of found) {
        expect(d.message.length).toBeGreaterThan(30)
        expect(d.blockId).toBeDefined()
        if (line !== undefined) expect(d.line).toBe(line)
      }
    })

    it('stays silent on correct input', () => {
      expect(only(good, rule, context)).toEqual([])
    })
  })

  it('a well-written Dockerfile gets no warnings or errors (tips at most)', () => {
    expect(lint(readFixture('01-flask-tutorial.Dockerfile'), { files: ['app.py', 'requirements.txt'] }).filter((d) => d.severity !== 'info')).toEqual([])
  })

  it('does not report python2 packages on releases that still have them', () => {
    expect(only('FROM ubuntu:18.04\nRUN apt-get install -y python-pip\n', 'python2-package')).toEqual([])
    expect(only('FROM debian:buster\nRUN apt-get install -y python-pip\n', 'python2-package')).toEqual([])
    expect(only('FROM mycorp/base:7\nRUN apt-get install -y python-pip\n', 'python2-package')[0]?.severity).toBe('warning')
    expect(only('FROM ubuntu:24.04\nRUN apt-get install -y python-pip\n', 'python2-package')[0]?.severity).toBe('error')
  })

  it('checks COPY sources against globs and folders in the context', () => {
    const context = { files: ['src/a/b.py', 'docs/readme.md'] }
    expect(only('FROM a:1\nCOPY src/* docs/*.md /x/\n', 'copy-source-missing', context)).toEqual([])
    expect(only('FROM a:1\nCOPY **/*.py /x/\n', 'copy-source-missing', context)).toEqual([])
    expect(only('FROM a:1\nCOPY *.txt /x/\n', 'copy-source-missing', context)[0]?.message).toMatch(/No file .* matches \*\.txt/)
    expect(only('FROM a:1\nCOPY ../secret /x/\n', 'copy-source-missing', context)[0]?.message).toMatch(/outside the build context/)
    expect(only('FROM a:1\nCOPY src/a/b.py /x/\n', 'copy-source-missing', {})).toEqual([])
  })

  it('a diagnostic of BuildKit or hadolint links to the rule\'s page', () => {
    const found = lint('FROM ubuntu\nMAINTAINER me\n')
    expect(found.find((d) => d.rule === 'buildkit/MaintainerDeprecated')?.data?.url).toBe('https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/')
    expect(found.find((d) => d.rule === 'hadolint/DL3006')?.data?.url).toBe('https://github.com/hadolint/hadolint/wiki/DL3006')
  })
})

describe('suppression ("Ignore here")', () => {
  it('a hadolint ignore comment above an instruction silences those rules there only', () => {
    const text = 'FROM a:1\n# hadolint ignore=DL3004,DL3003\nRUN sudo cd /x\nRUN sudo y\n'
    const found = lint(text)
    expect(found.filter((d) => d.rule === 'hadolint/DL3004').map((d) => d.line)).toEqual([4])
    expect(rulesOf(found)).not.toContain('hadolint/DL3003')
  })

  it('addSuppression writes the comment above the instruction, and extends an existing one', () => {
    const doc = parseDockerfile('FROM ubuntu:24.04\n  # why\n  COPY a b /x/\n')
    const copy = doc.blocks.find((b) => b.kind === 'instruction' && b.keyword === 'COPY')
    if (!copy) throw new Error('no COPY')
    const once = addSuppression(doc, copy.id, 'copy-source-missing')
    expect(serializeDockerfile(once)).toBe('FROM ubuntu:24.04\n  # why\n  # slipway-ignore: copy-source-missing\n  COPY a b /x/\n')
    const twice = addSuppression(once, copy.id, 'python2-package')
    expect(serializeDockerfile(twice)).toBe('FROM ubuntu:24.04\n  # why\n  # slipway-ignore: copy-source-missing, python2-package\n  COPY a b /x/\n')
    expect(addSuppression(twice, copy.id, 'python2-package')).toBe(twice)
    expect(twice.blocks.find((b) => b.id === copy.id)?.kind).toBe('instruction')
    expect(lintDockerfile(twice, { files: [] })).toEqual([])
  })

  it('uses CRLF in CRLF files', () => {
    const doc = parseDockerfile('FROM a:1\r\nRUN sudo echo\r\n')
    const run = doc.blocks[1]
    if (!run) throw new Error('no run')
    const next = addSuppression(doc, run.id, 'hadolint/DL3004')
    expect(serializeDockerfile(next)).toBe('FROM a:1\r\n# hadolint ignore=DL3004\r\nRUN sudo echo\r\n')
    expect(lintDockerfile(next)).toEqual([])
  })
})

describe('fixes', () => {
  function fixed(text: string, rule: string, context?: LintContext): string {
    const doc = parseDockerfile(text)
    const diagnostic = lintDockerfile(doc, context).find((d) => d.rule === rule)
    if (!diagnostic?.fix) throw new Error(`no fix for ${rule}`)
    const next = applyFix(doc, diagnostic.fix)
    expect(next).not.toBe(doc)
    expect(rulesOf(lintDockerfile(next, context))).not.toContain(rule)
    return serializeDockerfile(next)
  }

  it('adds -y to apt-get install, keeping the layout', () => {
    expect(fixed('FROM debian:12\nRUN apt-get update \\\n    && apt-get install curl \\\n        git\n', 'hadolint/DL3014')).toBe(
      'FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl \\\n        git\n'
    )
  })

  it('merges a lone apt-get update into the next install RUN', () => {
    expect(fixed('FROM debian:12\nRUN apt-get update\nCOPY a /a\nRUN apt-get install -y curl\n', 'apt-update-alone')).toBe(
      'FROM debian:12\nCOPY a /a\nRUN apt-get update \\\n    && apt-get install -y curl\n'
    )
  })

  it('cleans the apt lists in the same RUN', () => {
    expect(fixed('FROM debian:12\nRUN apt-get update && apt-get install -y curl\n', 'hadolint/DL3009')).toBe(
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\n'
    )
  })

  it('turns ADD of a local file into COPY', () => {
    expect(fixed('FROM a:1\nADD --chown=1:1 app.py /app/\n', 'hadolint/DL3020')).toBe('FROM a:1\nCOPY --chown=1:1 app.py /app/\n')
  })

  it('turns a simple shell-form CMD into exec form, but not one that needs a shell', () => {
    expect(fixed('FROM a:1\nCMD python3 app.py --port 5000\n', 'buildkit/JSONArgsRecommended')).toBe(
      'FROM a:1\nCMD ["python3", "app.py", "--port", "5000"]\n'
    )
    expect(only('FROM a:1\nCMD python3 app.py > log.txt\n', 'buildkit/JSONArgsRecommended')[0]?.fix).toBeUndefined()
  })

  it('turns MAINTAINER into LABEL org.opencontainers.image.authors=', () => {
    expect(fixed('FROM a:1\nMAINTAINER Jane Doe <jane@example.com>\n', 'buildkit/MaintainerDeprecated')).toBe(
      'FROM a:1\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n'
    )
  })

  it('adds --no-cache-dir to pip install', () => {
    expect(fixed('FROM python:3.12\nRUN pip install -U pip && pip3 install flask\n', 'hadolint/DL3042')).toBe(
      'FROM python:3.12\nRUN pip install --no-cache-dir -U pip && pip3 install --no-cache-dir flask\n'
    )
  })

  it('replaces Python 2 package names with Python 3 ones', () => {
    expect(fixed('FROM ubuntu:22.04\nRUN apt-get install -y python python-pip \\\n    python-dev python-is-python3\n', 'python2-package')).toBe(
      'FROM ubuntu:22.04\nRUN apt-get install -y python3 python3-pip \\\n    python3-dev python-is-python3\n'
    )
  })

  it('removes a CMD that has no effect, and makes a relative WORKDIR absolute when it can', () => {
    expect(fixed('FROM a:1\nCMD ["a"]\nCMD ["b"]\n', 'buildkit/MultipleInstructionsDisallowed')).toBe('FROM a:1\nCMD ["b"]\n')
    expect(fixed('FROM a:1 AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\n', 'buildkit/WorkdirRelativePath')).toBe(
      'FROM a:1 AS base\nWORKDIR /srv\nFROM base\nWORKDIR /srv/app\n'
    )
  })

  it('refuses a fix computed for text that has changed since', () => {
    const doc = parseDockerfile('FROM a:1\nADD app.py /app/\n')
    const diagnostic = lintDockerfile(doc).find((d) => d.rule === 'hadolint/DL3020')
    if (!diagnostic?.fix) throw new Error('no fix')
    const add = doc.blocks[1]
    if (!add) throw new Error('no ADD')
    const edited = setBlockText(doc, add.id, 'ADD other.py /app/')
    expect(applyFix(edited, diagnostic.fix)).toBe(edited)
  })

  it('fixes are plain data (they can cross IPC)', () => {
    const found = lint('FROM a:1\nMAINTAINER me\n')
    expect(JSON.parse(JSON.stringify(found))).toEqual(found)
  })
})

describe('corpus', () => {
  it.each(fixtureNames())('%s lints without throwing', (name) => {
    const found = lint(readFixture(name))
    for (const d of found) expect(d.line).toBeGreaterThanOrEqual(1)
  })
})
