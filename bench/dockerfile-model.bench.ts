// The Dockerfile model on a 2,000-line multi-stage Dockerfile: opening it
// (parse + lint with nothing remembered) and what the visual editor does on
// every keystroke (one character typed in one instruction → reparse + lint).
import { performance } from 'node:perf_hooks'
import { lintDockerfile, parseDockerfile, prepareForEdits, reparseDockerfile, serializeDockerfile, type DockerfileDocument } from '../src/shared/dockerfile'
import { clearValidationCache } from '../src/shared/dockerfile/lint'
import { median, type BenchRun } from './types'

const LINES = 2000
const COLD_RUNS = 20
const EDIT_RUNS = 50

/** The same text every time: stages of apt-get, ENV, COPY, RUN, LABEL, EXPOSE … with a few things the linter reports. */
export function generateDockerfile(lines = LINES): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:bookworm-slim', '']
  let n = 0
  for (let stage = 0; out.length < lines; stage++) {
    out.push(`# stage ${stage}`, `FROM \${BASE} AS stage${stage}`, `ARG VERSION_${stage}=1.${stage}`, 'WORKDIR /app', '')
    out.push(
      'RUN apt-get update && apt-get install -y --no-install-recommends \\',
      '    curl ca-certificates git \\',
      '    # keep the build tools',
      '    build-essential \\',
      '    && rm -rf /var/lib/apt/lists/*'
    )
    for (let k = 0; k < 12 && out.length < lines - 8; k++, n++) {
      switch (n % 8) {
        case 0:
          out.push(`ENV APP_${n}=value${n} \\`, `    OTHER_${n}="two words"`)
          break
        case 1:
          out.push(`COPY --chown=app:app src/part${n} /app/part${n}/`)
          break
        case 2:
          out.push(`RUN echo step ${n} > /tmp/step${n} \\`, `    && cat /tmp/step${n}`)
          break
        case 3:
          out.push(`# a comment about step ${n}`, `LABEL org.example.step${n}="step ${n}"`)
          break
        case 4:
          out.push(`EXPOSE ${8000 + n}/tcp`)
          break
        case 5:
          out.push(`RUN pip install --no-cache-dir package${n}==1.0`)
          break
        case 6:
          out.push('')
          break
        default:
          out.push(`COPY --from=stage${Math.max(0, stage - 1)} /out/${n} /in/${n}`)
      }
    }
    if (stage % 3 === 1) out.push('RUN cd /src && make', 'RUN apt-get install curl')
    if (stage % 4 === 2) out.push('EXPOSE $PORT', 'ADD config.json /etc/app/')
    out.push('USER app', 'HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]', 'CMD ["./app", "--serve"]', '')
  }
  return `${out.join('\n')}\n`
}

export const run: BenchRun = () => {
  const text = generateDockerfile()
  const lineCount = text.split('\n').length - 1

  // Warm the JIT up, then open the file with nothing remembered each time.
  for (let i = 0; i < 5; i++) {
    clearValidationCache()
    lintDockerfile(parseDockerfile(text))
  }
  const cold: number[] = []
  for (let i = 0; i < COLD_RUNS; i++) {
    const variant = text.replace('WORKDIR /app', `WORKDIR /app${i}`)
    clearValidationCache()
    const start = performance.now()
    lintDockerfile(parseDockerfile(variant))
    cold.push(performance.now() - start)
  }

  // Typing in the middle of the file: one character at a time into the same RUN.
  // As the editor does: open, lint, and in idle time prepare for edits.
  let doc: DockerfileDocument = parseDockerfile(text)
  lintDockerfile(doc)
  prepareForEdits(doc)
  let current = text
  let middle = 0
  for (let line = 0; line < lineCount / 2; line++) middle = current.indexOf('\n', middle) + 1
  const anchor = current.indexOf('RUN echo step', middle)
  if (anchor === -1) throw new Error('the generated Dockerfile has no RUN to edit in its second half')
  const edit: number[] = []
  for (let i = 0; i < EDIT_RUNS; i++) {
    const at = current.indexOf(' > /tmp/step', anchor)
    current = `${current.slice(0, at)}x${current.slice(at)}`
    const start = performance.now()
    doc = reparseDockerfile(doc, current)
    lintDockerfile(doc)
    edit.push(performance.now() - start)
  }
  if (serializeDockerfile(doc) !== current) throw new Error('the reparsed document does not serialize to the edited text')

  return Promise.resolve([
    {
      name: `Dockerfile model: open a ${lineCount.toLocaleString('en-US')}-line multi-stage Dockerfile, parse + lint`,
      slipwayMs: median(cold),
      dockerMs: null,
      goal: '< 20 ms',
      note: 'nothing cached: dockerfile-ast parses the text once, dockerfile-utils validates that tree, then our 17 rules'
    },
    {
      name: `Dockerfile model: one character typed in a ${lineCount.toLocaleString('en-US')}-line Dockerfile, reparse + lint`,
      slipwayMs: median(edit),
      dockerMs: null,
      goal: '< 20 ms',
      note: `median of ${EDIT_RUNS} keystrokes`
    }
  ])
}
