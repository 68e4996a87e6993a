// hadolint's DL rules (src/shared/dockerfile/lint/rules/hadolint): each fires on
// its case and stays quiet on the clean ones, its fixes give a Dockerfile the
// rule accepts, and the whole public corpus lints without a crash at sane rates.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyFix, parseDockerfile, serializeDockerfile, type Diagnostic, type LintContext } from '../../../src/shared/dockerfile'
import { isStatement } from '../../../src/shared/dockerfile/edit'
import { existing, hadolintRules, overlaps } from '../../../src/shared/dockerfile/lint/rules/hadolint'

function lintDl(text: string, context: LintContext = {}): Diagnostic[] {
  const doc = parseDockerfile(text)
  const statements = doc.blocks.filter(isStatement)
  return hadolintRules.flatMap((rule) => rule.check({ doc, statements, context }))
}

const only = (text: string, code: string, context?: LintContext) => lintDl(text, context).filter((d) => d.rule === `hadolint/${code}`)

interface Case {
  code: string
  bad: string
  good: string
  context?: LintContext
  /** Line of the (first) finding in `bad`. */
  line?: number
  severity?: Diagnostic['severity']
}

const APT_OK = 'RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1 && rm -rf /var/lib/apt/lists/*'

const cases: Case[] = [
  { code: 'DL3001', bad: 'FROM a:1\nRUN service nginx start\n', good: 'FROM a:1\nRUN echo service ssh vim\n', line: 2, severity: 'info' },
  {
    code: 'DL3002',
    bad: 'FROM a:1\nUSER app\nRUN x\nUSER root\n',
    good: 'FROM a:1 AS build\nUSER root\nFROM build\nUSER 1000\nFROM a:1\nUSER root\nFROM a:1\n',
    line: 4,
    severity: 'warning'
  },
  { code: 'DL3008', bad: 'FROM debian:12\nRUN apt-get install -y curl git=1:2.39\n', good: `FROM debian:12\n${APT_OK}\nRUN apt-get install -y -t bookworm-backports ./x.deb "$PKGS" lib/foo\n`, severity: 'info' },
  {
    code: 'DL3010',
    bad: 'FROM a:1\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n',
    good: 'FROM a:1\nCOPY app.tar.gz /tmp/\nRUN cp /tmp/app.tar.gz /srv\nCOPY --from=b x.tar /x.tar\nRUN tar xf /x.tar\n',
    line: 2,
    severity: 'info'
  },
  { code: 'DL3013', bad: 'FROM python:3.12\nRUN pip install --no-cache-dir flask\n', good: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0 -r req.txt\nRUN pip3 install --no-cache-dir "django>=5" ./pkg git+https://x/y@v1 .\nRUN python -m pip install --no-cache-dir --upgrade "pip==24.0"\n', severity: 'info' },
  { code: 'DL3016', bad: 'FROM node:20\nRUN npm install -g typescript\n', good: 'FROM node:20\nRUN npm install\nRUN npm install -g typescript@5.4 @scope/pkg@1 ./local git+https://x/y.git#v1\nRUN npm ci\n', severity: 'info' },
  { code: 'DL3018', bad: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n', good: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl=8.9.1-r1 git~2.45\n', severity: 'info' },
  {
    code: 'DL3019',
    bad: 'FROM alpine:3.20\nRUN apk add curl=8.9.1-r1\n',
    good: 'FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\nRUN --mount=type=cache,target=/var/cache/apk apk add git=2.45\nRUN apk add bash=5 && rm -rf /var/cache/apk/*\nRUN apk add --no-network --virtual .rundeps $deps\n',
    severity: 'info'
  },
  { code: 'DL3021', bad: 'FROM a:1\nCOPY a.txt b.txt /dest\n', good: 'FROM a:1\nCOPY a.txt b.txt /dest/\nCOPY a.txt /dest\nCOPY a b $DEST\n', severity: 'error' },
  {
    code: 'DL3022',
    bad: 'FROM a:1\nCOPY --from=builder /x /x\n',
    good: 'FROM a:1 AS builder\nFROM a:1\nCOPY --from=builder /x /x\nCOPY --from=0 /y /y\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=$STAGE /z /z\n',
    severity: 'warning'
  },
  { code: 'DL3023', bad: 'FROM a:1 AS app\nCOPY --from=app /x /x\n', good: 'FROM a:1 AS build\nFROM a:1 AS app\nCOPY --from=build /x /x\n', severity: 'error' },
  { code: 'DL3024', bad: 'FROM a:1 AS build\nFROM a:1 AS Build\n', good: 'FROM a:1 AS build\nFROM a:1 AS test\n', line: 2, severity: 'error' },
  {
    code: 'DL3026',
    bad: 'FROM ghcr.io/acme/app:1\n',
    good: 'FROM registry.acme.com/base:1 AS base\nFROM base\nFROM scratch\nFROM $IMAGE\nFROM docker.io/library/debian:12\nCOPY --from=registry.acme.com/tool:1 /t /t\n',
    context: { hadolint: { trustedRegistries: ['*.acme.com', 'docker.io'] } },
    severity: 'error'
  },
  { code: 'DL3027', bad: 'FROM debian:12\nRUN apt install -y curl\n', good: 'FROM debian:12\nRUN apt-get install -y curl && echo apt\n', severity: 'warning' },
  { code: 'DL3028', bad: 'FROM ruby:3\nRUN gem install --no-document rails\n', good: 'FROM ruby:3\nRUN gem install rails:7.1.3\nRUN gem install bundler -v 2.5.0\n', severity: 'info' },
  {
    code: 'DL3029',
    bad: 'FROM --platform=linux/amd64 debian:12\n',
    good: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=${TARGETPLATFORM} debian:12\nFROM debian:12\n',
    severity: 'warning'
  },
  { code: 'DL3030', bad: 'FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\n', good: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\nRUN yum --assumeyes groupinstall x\n', severity: 'warning' },
  { code: 'DL3032', bad: 'FROM centos:7\nRUN yum install -y httpd-2.4.6\n', good: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\nRUN yum install -y x-1.0 && rm -rf /var/cache/yum/*\n', severity: 'info' },
  { code: 'DL3033', bad: 'FROM centos:7\nRUN yum install -y httpd && yum clean all\n', good: 'FROM centos:7\nRUN yum install -y httpd-2.4.6 ./local.rpm && yum clean all\nRUN yum module install -y nodejs:18 && yum clean all\n', severity: 'info' },
  { code: 'DL3034', bad: 'FROM opensuse/leap:15\nRUN zypper install httpd=2 && zypper clean\n', good: 'FROM opensuse/leap:15\nRUN zypper -n install httpd=2 && zypper clean\nRUN zypper install -y git=2 && zypper cc\n', severity: 'warning' },
  { code: 'DL3035', bad: 'FROM opensuse/leap:15\nRUN zypper -n dup\n', good: 'FROM opensuse/leap:15\nRUN zypper -n update\n', severity: 'warning' },
  { code: 'DL3036', bad: 'FROM opensuse/leap:15\nRUN zypper -n install httpd=2\n', good: 'FROM opensuse/leap:15\nRUN zypper -n install httpd=2 && zypper clean --all\n', severity: 'info' },
  { code: 'DL3037', bad: 'FROM opensuse/leap:15\nRUN zypper -n install httpd && zypper clean\n', good: 'FROM opensuse/leap:15\nRUN zypper -n install httpd=2.4 "git>=2" && zypper clean\n', severity: 'info' },
  { code: 'DL3038', bad: 'FROM fedora:40\nRUN dnf install httpd-2.4.62 && dnf clean all\n', good: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\nRUN microdnf -y install x-1 && microdnf clean all\n', severity: 'warning' },
  {
    code: 'DL3040',
    bad: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62\n',
    good: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y git-2.46.0\n',
    severity: 'info'
  },
  { code: 'DL3041', bad: 'FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n', good: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n', severity: 'info' },
  { code: 'DL3043', bad: 'FROM a:1\nONBUILD FROM debian:12\n', good: 'FROM a:1\nONBUILD COPY . /app\n', severity: 'error' },
  { code: 'DL3044', bad: 'FROM a:1\nENV GOPATH=/go PATH=$GOPATH/bin:$PATH\n', good: 'FROM a:1\nENV GOPATH=/go\nENV PATH=$GOPATH/bin:$PATH A=$GOPATHS\nARG V\nENV V=1 W=$V\n', severity: 'warning' },
  {
    code: 'DL3045',
    bad: 'FROM a:1\nCOPY app.py .\n',
    good: 'FROM a:1 AS base\nWORKDIR /app\nCOPY app.py .\nFROM base\nCOPY x.py ./\nCOPY y.py /srv/\nCOPY z.py $DEST\nCOPY w.py C:/w\nFROM scratch\nCOPY --from=base /app/bin bin\n',
    severity: 'warning'
  },
  { code: 'DL3046', bad: 'FROM a:1\nRUN useradd -u 123456 app\n', good: 'FROM a:1\nRUN useradd -l -u 123456 app && useradd -u 1000 b && useradd --no-log-init --uid=1234567 c\n', severity: 'warning' },
  { code: 'DL3047', bad: 'FROM a:1\nRUN wget https://x/y.tgz\n', good: 'FROM a:1\nRUN wget -q https://x/a && wget -nv https://x/b && wget --progress=dot:giga https://x/c && wget -o /dev/null https://x/d\nFROM alpine:3.20\nRUN wget https://x/e\n', severity: 'info' },
  { code: 'DL3048', bad: 'FROM a:1\nLABEL Version=1\n', good: 'FROM a:1\nLABEL org.opencontainers.image.version=1 maintainer=x $KEY=v\n', severity: 'info' },
  { code: 'DL3059', bad: 'FROM a:1\nRUN echo a\n# why\nRUN echo b\n', good: 'FROM a:1\nRUN echo a\nENV X=1\nRUN echo b\nRUN --mount=type=cache,target=/c echo c\nRUN a && b && c\nRUN d\n', line: 4, severity: 'info' },
  { code: 'DL3060', bad: 'FROM node:20\nRUN yarn install --frozen-lockfile\n', good: 'FROM node:20 AS build\nRUN yarn install\nFROM node:20\nRUN yarn install && yarn cache clean\n', severity: 'info' },
  { code: 'DL3061', bad: 'LABEL a=b\nFROM a:1\n', good: '# syntax=docker/dockerfile:1\nARG V=1\nFROM a:$V\nLABEL a=b\n', line: 1, severity: 'error' },
  { code: 'DL3062', bad: 'FROM golang:1.22\nRUN go install -ldflags "-s" golang.org/x/tools/gopls@latest\n', good: 'FROM golang:1.22\nRUN go install -ldflags "-s -w" golang.org/x/tools/gopls@v0.16.1 ./cmd/...\nRUN go run main.go --flag x\nRUN go build ./...\n', severity: 'info' },
  { code: 'DL3063', bad: 'FROM a:1 AS scratch\n', good: 'FROM a:1 AS build\nFROM scratch\n', severity: 'warning' },
  { code: 'DL3064', bad: 'FROM a:1\nARG GITHUB_TOKEN\n', good: 'FROM a:1\nARG VERSION=1\nENV GPG_KEYS=ABC\n', severity: 'warning' },
  { code: 'DL3065', bad: 'FROM --platform=$TARGETPLATFORM debian:12\n', good: 'FROM --platform=$BUILDPLATFORM debian:12\n', severity: 'info' },
  { code: 'DL3066', bad: 'FROM a:1\nUSER node\n', good: 'FROM a:1\nUSER 1000:1000\nUSER root\nARG UID=1000\nUSER $UID\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n', severity: 'info' },
  { code: 'DL3067', bad: 'FROM a:1 AS b\nFROM a:1\nCOPY --from=b / /\n', good: 'FROM a:1 AS b\nFROM a:1\nCOPY --from=b /app /app\n', severity: 'warning' },
  { code: 'DL4001', bad: 'FROM a:1\nRUN curl -fsSLO https://x/a\nRUN wget -q https://x/b\n', good: 'FROM a:1\nRUN curl -fsSLO https://x/a\nFROM a:1\nRUN wget -q https://x/b\n', line: 3, severity: 'info' },
  { code: 'DL4005', bad: 'FROM a:1\nRUN ln -sf /bin/bash /bin/sh\n', good: 'FROM a:1\nSHELL ["/bin/bash", "-c"]\nRUN ln -s /usr/bin/python3 /usr/bin/python\n', severity: 'warning' },
  {
    code: 'DL4006',
    bad: 'FROM debian:12\nRUN curl -fsSL https://x/k | tar -xz\n',
    good: 'FROM debian:12\nRUN curl -fsSLo k https://x/k || true\nRUN set -euxo pipefail; curl -fsSL https://x/k | tar -xz\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x/k | tar -xz\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Get-Item x | Remove-Item\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN curl -fsSL https://x/k | findstr x\n',
    severity: 'warning'
  }
]

describe('hadolint DL rules: each fires on its case and is quiet on the clean ones', () => {
  it.each(cases)('$code', ({ code, bad, good, context, line, severity }) => {
    const found = only(bad, code, context)
    expect(found.length, `${code} should fire on:\n${bad}`).toBeGreaterThan(0)
    const first = found[0] as Diagnostic
    if (line !== undefined) expect(first.line).toBe(line)
    if (severity !== undefined) expect(first.severity).toBe(severity)
    expect(first.message).toContain(`(hadolint ${code})`)
    expect(first.data?.url).toBe(`https://github.com/hadolint/hadolint/wiki/${code}`)
    expect(only(good, code, context), `${code} should be quiet on:\n${good}`).toEqual([])
  })

  it('every rule has a case, and none repeats a rule Slipway already has or lacks its overlap entry', () => {
    const codes = hadolintRules.map((r) => r.id.replace('hadolint/', ''))
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(codes))
    for (const code of codes) expect(existing[code], `${code} is already ${existing[code]}`).toBeUndefined()
    for (const code of Object.keys(overlaps)) expect(codes.includes(code) || existing[code] !== undefined, code).toBe(true)
  })
})

describe('hadolint DL rules: severities and false positives the issue names', () => {
  it('DL3026 reads images named by COPY --from and RUN --mount from=', () => {
    const context = { hadolint: { trustedRegistries: ['registry.acme.com'] } }
    const text = 'FROM registry.acme.com/base:1 AS base\nCOPY --from=quay.io/x/tool:1 /t /t\nRUN --mount=type=bind,from=golang:1.22,target=/go true\nRUN --mount=type=bind,from=base,target=/b true\n'
    expect(only(text, 'DL3026', context).map((d) => d.line)).toEqual([2, 3])
  })

  it('DL3026 is quiet without trustedRegistries', () => {
    expect(only('FROM ghcr.io/acme/app:1\n', 'DL3026')).toEqual([])
  })

  it('--platform=$BUILDPLATFORM is the recommended form (no DL3029, no DL3065)', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n'
    expect([...only(text, 'DL3029'), ...only(text, 'DL3065')]).toEqual([])
  })

  it('ENV PATH and HOME extended from the base image are not DL3044', () => {
    expect(only('FROM a:1\nENV PATH=/opt/bin:$PATH HOME=/home/app\nENV HOME=$HOME/x PATH=$HOME/bin:$PATH\n', 'DL3044')).toEqual([])
  })

  it('pipes whose first command is not a download are advice (info)', () => {
    const [d] = only('FROM debian:12\nRUN dpkg-query -W | sort -u\n', 'DL4006')
    expect(d?.severity).toBe('info')
  })

  it('a heredoc handed to another program is data, not shell', () => {
    const text = 'FROM python:3.12\nRUN python3 <<EOF\nimport subprocess\nsubprocess.run("apt install vim | cat", shell=True)\nEOF\n'
    expect(lintDl(text).map((d) => d.rule)).toEqual([])
    expect(only('FROM debian:12\nRUN <<EOF\napt install -y vim\nEOF\n', 'DL3027')).toHaveLength(1)
  })

  it('ONBUILD RUN triggers are read like RUN', () => {
    expect(only('FROM a:1\nONBUILD RUN apt install -y curl\n', 'DL3027')).toHaveLength(1)
  })

  it('cleanups only matter in stages that end up in an image', () => {
    expect(only('FROM fedora:40 AS build\nRUN dnf install -y gcc-14.2\nFROM scratch\nCOPY --from=build /x /x\n', 'DL3040')).toEqual([])
  })
})

/** Applies a diagnostic's fix and returns the new text. */
function fixed(text: string, code: string): string {
  const doc = parseDockerfile(text)
  const [d] = only(text, code)
  expect(d?.fix, `${code} should offer a fix on:\n${text}`).toBeDefined()
  return serializeDockerfile(applyFix(doc, d!.fix!))
}

describe('hadolint DL rules: one-click fixes', () => {
  it.each([
    ['DL3027', 'FROM debian:12\nRUN apt update && \\\n    apt install -y curl\n', 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n'],
    ['DL3019', 'FROM alpine:3.20\nRUN apk add curl=8 && apk add --virtual .d git=2\n', 'FROM alpine:3.20\nRUN apk add --no-cache curl=8 && apk add --no-cache --virtual .d git=2\n'],
    ['DL3030', 'FROM centos:7\nRUN yum install httpd-2.4 && yum clean all\n', 'FROM centos:7\nRUN yum install -y httpd-2.4 && yum clean all\n'],
    ['DL3034', 'FROM opensuse/leap:15\nRUN zypper install httpd=2 && zypper clean\n', 'FROM opensuse/leap:15\nRUN zypper -n install httpd=2 && zypper clean\n'],
    ['DL3038', 'FROM fedora:40\nRUN dnf install httpd-2.4 && dnf clean all\n', 'FROM fedora:40\nRUN dnf install -y httpd-2.4 && dnf clean all\n'],
    ['DL3029', 'FROM --platform=linux/amd64 debian:12 AS x\n', 'FROM debian:12 AS x\n'],
    ['DL3065', 'FROM --platform=$TARGETPLATFORM debian:12\n', 'FROM debian:12\n'],
    ['DL4006', 'FROM debian:12\n# fetch\nRUN curl -fsSL https://x/k | tar -xz\n', 'FROM debian:12\n# fetch\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x/k | tar -xz\n'],
    ['DL4006', 'FROM alpine:3.20\nRUN wget -qO- https://x/k | tar -xz\n', 'FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN wget -qO- https://x/k | tar -xz\n']
  ])('%s: the fix gives a Dockerfile the rule accepts', (code, before, after) => {
    const text = fixed(before, code)
    expect(text).toBe(after)
    expect(only(text, code)).toEqual([])
  })

  it('apt list has no apt-get twin, so DL3027 offers no fix there', () => {
    expect(only('FROM debian:12\nRUN apt list --installed\n', 'DL3027')[0]?.fix).toBeUndefined()
  })
})

// The public corpus (test/fixtures/dockerfile-corpus, each file's source in index.json).
const corpus = path.join(__dirname, '../../fixtures/dockerfile-corpus')
const entries = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')) as { file: string; repository: string }[]

describe('hadolint DL rules on the public corpus', () => {
  it('lint every file without a crash, and warnings stay rare on the official images', () => {
    const official = entries.filter((e) => e.repository.includes('docker-library/') || e.repository.includes('nodejs/docker-node') || e.repository.includes('nginxinc/'))
    expect(official.length).toBeGreaterThan(100)
    const filesWith = new Map<string, number>()
    for (const entry of entries) {
      const diagnostics = lintDl(readFileSync(path.join(corpus, entry.file), 'utf8'))
      if (!official.includes(entry)) continue
      for (const key of new Set(diagnostics.map((d) => `${d.rule} ${d.severity}`))) filesWith.set(key, (filesWith.get(key) ?? 0) + 1)
    }
    const rows = [...filesWith].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key}: ${n}/${official.length}`)
    console.log(`hadolint rules on ${official.length} official images (files with at least one finding):\n${rows.join('\n')}`)
    // A warning or error on most official images would mean a wrong severity or a false positive.
    for (const [key, n] of filesWith) {
      if (key.endsWith(' info')) continue
      expect(n / official.length, key).toBeLessThan(0.25)
    }
  })
})
