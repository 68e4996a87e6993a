import { describe, expect, it } from 'vitest'
import { getArgs, getStages, parseDockerfile } from '../../../src/shared/dockerfile'
import { instruction, parse, readFixture } from './helpers'

describe('parseDockerfile', () => {
  it('makes blocks for directives, comments, blank lines and instructions', () => {
    const doc = parse('# syntax=docker/dockerfile:1\n# escape=`\n\n# standalone\n\n# about FROM\nFROM alpine:3.20\n')
    expect(doc.blocks.map((b) => b.kind)).toEqual(['directive', 'directive', 'blank', 'comment', 'blank', 'instruction'])
    expect(doc.escapeChar).toBe('`')
    const [syntax] = doc.blocks
    expect(syntax).toMatchObject({ kind: 'directive', name: 'syntax', value: 'docker/dockerfile:1' })
    const from = instruction(doc, 'FROM')
    expect(from.comments).toEqual(['about FROM'])
    expect(from.commentText).toBe('# about FROM\n')
    expect(from.instructionLine).toBe(7)
    expect(from.range).toMatchObject({ startLine: 6, endLine: 7 })
  })

  it('gives every block a distinct id', () => {
    const doc = parseDockerfile(readFixture('39-many-stages.Dockerfile'))
    expect(new Set(doc.blocks.map((b) => b.id)).size).toBe(doc.blocks.length)
  })

  it('detects CRLF documents', () => {
    expect(parseDockerfile('FROM a:1\r\nCMD ["x"]\r\n').eol).toBe('\r\n')
    expect(parseDockerfile('FROM a:1\nCMD ["x"]\n').eol).toBe('\n')
  })

  it('upper-cases keywords written in lower case', () => {
    const doc = parse('from alpine:3.20 as build\nrun echo hi\n')
    expect(instruction(doc, 'FROM').args).toEqual({ image: 'alpine', tag: '3.20', stageName: 'build' })
    expect(instruction(doc, 'RUN').instructionText).toBe('run echo hi')
  })

  describe('typed arguments', () => {
    it('FROM: image, tag, digest, platform, stage name', () => {
      const doc = parse('FROM --platform=linux/arm64 registry.example.com:5000/team/app:1.2@sha256:abc AS base\n')
      expect(instruction(doc, 'FROM').args).toEqual({
        image: 'registry.example.com:5000/team/app',
        tag: '1.2',
        digest: 'sha256:abc',
        platform: 'linux/arm64',
        stageName: 'base'
      })
      expect(instruction(doc, 'FROM').flags).toEqual([{ name: 'platform', value: 'linux/arm64' }])
    })

    it('RUN shell form is split on top-level && only', () => {
      const doc = parse('FROM a:1\nRUN apt-get update \\\n    && apt-get install -y  curl \\\n    && echo "a && b" && (cd x && make)\n')
      expect(instruction(doc, 'RUN').args).toEqual({
        form: 'shell',
        commands: ['apt-get update', 'apt-get install -y curl', 'echo "a && b"', '(cd x && make)']
      })
    })

    it('RUN exec form and flags', () => {
      const doc = parse('FROM a:1\nRUN --mount=type=cache,target=/root/.cache --network=host ["pip", "install", "a  b"]\n')
      expect(instruction(doc, 'RUN').args).toEqual({
        form: 'exec',
        commands: ['pip install a  b'],
        args: ['pip', 'install', 'a  b'],
        mounts: ['type=cache,target=/root/.cache'],
        network: 'host'
      })
    })

    it('RUN heredoc form', () => {
      const doc = parse('FROM a:1\nRUN <<EOF\nset -e\necho hi\nEOF\n')
      expect(instruction(doc, 'RUN').args).toEqual({
        form: 'heredoc',
        commands: ['set -e', 'echo hi'],
        heredoc: { header: '<<EOF', delimiter: 'EOF' }
      })
    })

    it('COPY and ADD: sources, destination, flags, JSON form keeps spaces', () => {
      const doc = parse(
        'FROM a:1\nCOPY --from=build --chown=app:app --chmod=755 --link a.txt b/ /dest/\nCOPY ["my file.txt", "/x y/"]\nADD --checksum=sha256:0 https://e.com/t.tgz /tmp/\n'
      )
      expect(instruction(doc, 'COPY').args).toEqual({
        sources: ['a.txt', 'b/'],
        destination: '/dest/',
        from: 'build',
        chown: 'app:app',
        chmod: '755',
        link: true
      })
      expect(instruction(doc, 'COPY', 1).args).toEqual({ sources: ['my file.txt'], destination: '/x y/' })
      expect(instruction(doc, 'ADD').args).toEqual({ sources: ['https://e.com/t.tgz'], destination: '/tmp/', checksum: 'sha256:0' })
    })

    it('CMD and ENTRYPOINT: exec form keeps spaces inside strings; shell form keeps the command', () => {
      const doc = parse('FROM a:1\nCMD ["echo", "two  spaces"]\nENTRYPOINT exec  python3 app.py\n')
      expect(instruction(doc, 'CMD').args).toEqual({ form: 'exec', args: ['echo', 'two  spaces'] })
      expect(instruction(doc, 'ENTRYPOINT').args).toEqual({ form: 'shell', command: 'exec python3 app.py' })
    })

    it('JSON with the backtick escape directive', () => {
      const doc = parse('# escape=`\nFROM a:1\nCMD ["C:\\\\app\\\\run.exe", `\n     "--flag"]\n')
      expect(instruction(doc, 'CMD').args).toEqual({ form: 'exec', args: ['C:\\app\\run.exe', '--flag'] })
    })

    it('EXPOSE: ports and protocols', () => {
      const doc = parse('FROM a:1\nEXPOSE 80 53/udp 8000-8010 $PORT 443/TCP\n')
      expect(instruction(doc, 'EXPOSE').args.ports).toEqual([
        { port: 80, protocol: 'tcp' },
        { port: 53, protocol: 'udp' },
        { port: '8000-8010', protocol: 'tcp' },
        { port: '$PORT', protocol: 'tcp' },
        { port: 443, protocol: 'tcp' }
      ])
    })

    it('ENV and LABEL: key=value pairs and the legacy "key value" form', () => {
      const doc = parse('FROM a:1\nENV A=1 B="two words" \\\n    C=3\nENV LEGACY value with spaces\nLABEL "my key"="my value" version=1\n')
      expect(instruction(doc, 'ENV').args.pairs).toEqual([
        { key: 'A', value: '1' },
        { key: 'B', value: 'two words' },
        { key: 'C', value: '3' }
      ])
      expect(instruction(doc, 'ENV', 1).args.pairs).toEqual([{ key: 'LEGACY', value: 'value with spaces' }])
      expect(instruction(doc, 'LABEL').args.pairs).toEqual([
        { key: 'my key', value: 'my value' },
        { key: 'version', value: '1' }
      ])
    })

    it('ARG, WORKDIR, USER, VOLUME, STOPSIGNAL, SHELL, ONBUILD, MAINTAINER', () => {
      const doc = parse(
        [
          'ARG VERSION=1.0',
          'FROM a:1',
          'ARG NAME',
          'WORKDIR /srv/app',
          'USER app:staff',
          'VOLUME ["/data", "/logs"]',
          'VOLUME /a /b',
          'STOPSIGNAL SIGQUIT',
          'SHELL ["/bin/bash", "-c"]',
          'ONBUILD COPY . /app',
          'MAINTAINER Jane <j@example.com>',
          ''
        ].join('\n')
      )
      expect(instruction(doc, 'ARG').args).toEqual({ name: 'VERSION', defaultValue: '1.0' })
      expect(instruction(doc, 'ARG', 1).args).toEqual({ name: 'NAME' })
      expect(instruction(doc, 'WORKDIR').args).toEqual({ path: '/srv/app' })
      expect(instruction(doc, 'USER').args).toEqual({ user: 'app', group: 'staff' })
      expect(instruction(doc, 'VOLUME').args).toEqual({ paths: ['/data', '/logs'] })
      expect(instruction(doc, 'VOLUME', 1).args).toEqual({ paths: ['/a', '/b'] })
      expect(instruction(doc, 'STOPSIGNAL').args).toEqual({ signal: 'SIGQUIT' })
      expect(instruction(doc, 'SHELL').args).toEqual({ args: ['/bin/bash', '-c'] })
      expect(instruction(doc, 'ONBUILD').args).toEqual({ trigger: 'COPY . /app' })
      expect(instruction(doc, 'MAINTAINER').args).toEqual({ name: 'Jane <j@example.com>' })
    })

    it('HEALTHCHECK with options, exec form, and NONE', () => {
      const doc = parse(
        'FROM a:1\nHEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD ["curl", "-f", "http://localhost/"]\nHEALTHCHECK NONE\n'
      )
      expect(instruction(doc, 'HEALTHCHECK').args).toEqual({
        none: false,
        interval: '30s',
        timeout: '3s',
        startPeriod: '5s',
        startInterval: '1s',
        retries: 3,
        command: { form: 'exec', args: ['curl', '-f', 'http://localhost/'] }
      })
      expect(instruction(doc, 'HEALTHCHECK', 1).args).toEqual({ none: true })
    })
  })

  describe('text that does not parse cleanly', () => {
    it('becomes a raw block with a problem, and the rest stays structured', () => {
      const doc = parse('FROM a:1\nRUNN echo typo\nCOPY onlyone\nSHELL /bin/bash\nFROM\nCMD ["sh"]\n')
      const raws = doc.blocks.filter((b) => b.kind === 'raw')
      expect(raws.map((b) => (b.kind === 'raw' ? [b.keyword, typeof b.problem] : []))).toEqual([
        ['RUNN', 'string'],
        ['COPY', 'string'],
        ['SHELL', 'string'],
        ['FROM', 'string']
      ])
      expect(instruction(doc, 'CMD').args).toEqual({ form: 'exec', args: ['sh'] })
    })

    it('keeps an unterminated heredoc as raw text with a problem', () => {
      const doc = parse(readFixture('37-unterminated-heredoc.Dockerfile'))
      const raw = doc.blocks.find((b) => b.kind === 'raw')
      expect(raw?.kind === 'raw' && raw.problem).toMatch(/never closed/)
    })
  })

  it('assigns stage index and stage name to every instruction', () => {
    const doc = parse(readFixture('39-many-stages.Dockerfile'))
    expect(instruction(doc, 'RUN', 1)).toMatchObject({ stageIndex: 1, stageName: 'build' })
    expect(instruction(doc, 'EXPOSE')).toMatchObject({ stageIndex: 3, stageName: 'final' })
  })
})

describe('getStages and getArgs', () => {
  it('lists the stages with their blocks', () => {
    const doc = parse('ARG V=1\nFROM golang:1.22 AS build\nRUN go build\n\nFROM alpine:3.20\nCOPY --from=build /app /app\n')
    const stages = getStages(doc)
    expect(stages.map((s) => ({ index: s.index, name: s.name, baseImage: s.baseImage }))).toEqual([
      { index: 0, name: 'build', baseImage: 'golang:1.22' },
      { index: 1, name: undefined, baseImage: 'alpine:3.20' }
    ])
    expect(stages[0]?.blockIds).toHaveLength(3)
    expect(stages[1]?.blockIds).toHaveLength(2)
    expect(stages.flatMap((s) => s.blockIds)).not.toContain(doc.blocks[0]?.id)
  })

  it('lists ARGs, including those before the first FROM', () => {
    const doc = parse('ARG BASE=alpine\nFROM ${BASE}:3.20\nARG A B=2\n')
    expect(getArgs(doc).map(({ name, defaultValue, stageIndex, line }) => ({ name, defaultValue, stageIndex, line }))).toEqual([
      { name: 'BASE', defaultValue: 'alpine', stageIndex: -1, line: 1 },
      { name: 'A', defaultValue: undefined, stageIndex: 0, line: 3 },
      { name: 'B', defaultValue: '2', stageIndex: 0, line: 3 }
    ])
  })
})
