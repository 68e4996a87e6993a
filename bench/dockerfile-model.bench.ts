// The Dockerfile model on a 2,000-line multi-stage Dockerfile: opening it
// (parse + lint with nothing remembered) and what the visual editor does on
// every keystroke (one character typed in one instruction → reparse + lint).
// Measured in Chromium, where the editor runs them (the model bundled with
// esbuild into a blank page), and in Node for comparison.
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { COLD_RUNS, EDIT_RUNS, measureModel, type ModelTimes } from './dockerfile-model.measure'
import { median, type BenchRow, type BenchRun } from './types'

const LINES = 2000

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

async function inChromium(text: string): Promise<ModelTimes> {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./dockerfile-model.page.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'warning'
  })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' })
  try {
    const page = await browser.newPage()
    await page.addScriptTag({ content: bundled.outputFiles[0]!.text })
    return await page.evaluate((t) => (globalThis as unknown as { measureModel(text: string): ModelTimes }).measureModel(t), text)
  } finally {
    await browser.close()
  }
}

export const run: BenchRun = async () => {
  const text = generateDockerfile()
  const lines = (text.split('\n').length - 1).toLocaleString('en-US')
  const rows: BenchRow[] = []
  for (const [where, times] of [
    ['Chromium', await inChromium(text)],
    ['Node', measureModel(text)]
  ] as const) {
    // Other work on the machine stretches every figure: say how busy it was.
    const load = `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`
    rows.push(
      {
        name: `Dockerfile model in ${where}: open a ${lines}-line multi-stage Dockerfile, parse + lint`,
        slipwayMs: median(times.cold),
        dockerMs: null,
        goal: '≤ 20 ms in Chromium',
        note: `median of ${COLD_RUNS}, nothing cached: our BuildKit-rules parser, then every lint rule (BuildKit checks and hadolint); ${load}`
      },
      {
        name: `Dockerfile model in ${where}: one character typed in a ${lines}-line Dockerfile, reparse + lint`,
        slipwayMs: median(times.edit),
        dockerMs: null,
        goal: '≤ 5 ms in Chromium',
        note: `median of ${EDIT_RUNS} keystrokes: the changed instruction through every rule, the rest through the rules that look across instructions; ${load}`
      }
    )
  }
  return rows
}
