// The Dockerfile editor in Chromium: how long an edit typed in the text view takes to show in the blocks.
import { launchApp } from '../test/e2e/harness'
import { median, type BenchRow, type BenchRun } from './types'

/** A varied Dockerfile of about `lines` lines: stages, RUN chains with continuations, COPY, ENV, comments. */
export function largeDockerfile(lines: number): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:bookworm-slim']
  let stage = 0
  while (out.length < lines) {
    out.push('', `# Stage ${stage}`, `FROM \${BASE} AS stage${stage}`, 'WORKDIR /app', `ENV STAGE=${stage} MODE=release`)
    out.push('RUN apt-get update \\', '    && apt-get install -y --no-install-recommends curl ca-certificates \\', '    && rm -rf /var/lib/apt/lists/*')
    for (let i = 0; i < 8; i++) out.push(`COPY src/part${i}.txt /app/part${i}.txt`, `RUN echo "step ${stage}.${i}" > /tmp/step${i}`)
    out.push(`LABEL org.opencontainers.image.title="stage ${stage}"`, 'EXPOSE 8080/tcp', 'USER nobody')
    if (stage > 0) out.push(`COPY --from=stage${stage - 1} /app /previous`)
    out.push('CMD ["sh", "-c", "echo ready"]')
    stage++
  }
  return `${out.slice(0, lines).join('\n')}\n`
}

/** Types into the text view (as a keystroke CodeMirror reads from the DOM) and times until the block shows it. */
async function measureTextToBlocks(text: string, runs: number): Promise<number[]> {
  const app = await launchApp()
  try {
    const { page } = app
    await page.getByRole('list', { name: 'Instructions' }).waitFor()
    const textbox = page.getByRole('textbox', { name: 'Dockerfile text' })
    await textbox.click()
    await page.keyboard.press('Control+a')
    // Pasted, as a person would bring in a long file (typing it as IME input costs Chromium seconds per thousand lines).
    await textbox.evaluate((element, pasted) => {
      const data = new DataTransfer()
      data.setData('text/plain', pasted)
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, text)
    await page.getByRole('listitem', { name: 'WORKDIR /app' }).first().waitFor()
    // Put the cursor at the end of the first WORKDIR line.
    await page.keyboard.press('Control+Home')
    const line = text.split('\n').indexOf('WORKDIR /app')
    for (let i = 0; i < line; i++) await page.keyboard.press('ArrowDown')
    await page.keyboard.press('End')
    await page.waitForTimeout(300)
    return await page.evaluate(async (n) => {
      const list = document.querySelector('[aria-label="Instructions"]')!
      const times: number[] = []
      let path = '/app'
      for (let i = 0; i < n; i++) {
        path += 'x'
        const expected = `WORKDIR ${path}`
        const shown = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (list.querySelector(`[aria-label="${expected}"]`)) {
              observer.disconnect()
              resolve(performance.now())
            }
          })
          observer.observe(list, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] })
        })
        const start = performance.now()
        document.execCommand('insertText', false, 'x')
        times.push((await shown) - start)
        await new Promise((r) => setTimeout(r, 80))
      }
      return times
    }, runs)
  } finally {
    await app.close()
  }
}

const TUTORIAL = 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y python3-pip\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nEXPOSE 5000\nCMD ["python3", "app.py"]\n'

export const run: BenchRun = async () => {
  const big = largeDockerfile(2000)
  // Parse + lint on their own are measured by dockerfile-model.bench.ts (with a fresh text each time).
  const rows: BenchRow[] = []
  rows.push({
    name: 'editor: text edit → blocks updated (tutorial Dockerfile, Chromium)',
    slipwayMs: median(await measureTextToBlocks(TUTORIAL, 20)),
    dockerMs: null,
    goal: '< 100 ms',
    note: 'median of 20 keystrokes'
  })
  rows.push({
    name: 'editor: text edit → blocks updated (2,000-line Dockerfile, Chromium)',
    slipwayMs: median(await measureTextToBlocks(big, 10)),
    dockerMs: null,
    goal: '< 100 ms',
    note: 'median of 10 keystrokes'
  })
  return rows
}
