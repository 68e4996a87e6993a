import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints one plain closing line, "N passed, N failed, N skipped", so any CI reader can count the run,
 * lists each skipped test with the reason it gave, and each test that passed only when run again (vitest.config.ts
 * retries a test once when the engine's runtime failed to start a container).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    const skips: string[] = []
    const retried: string[] = []
    for (const testModule of testModules) {
      // A module that failed outside any test (an import or a beforeAll) counts as one failure.
      if (testModule.state() === 'failed' && ![...testModule.children.allTests()].some((t) => t.result().state === 'failed')) failed++
      for (const test of testModule.children.allTests()) {
        const result = test.result()
        const retries = test.diagnostic()?.retryCount ?? 0
        if (retries > 0) retried.push(`  ${result.state} after ${retries} retr${retries === 1 ? 'y' : 'ies'}: ${test.project.name} › ${test.fullName}`)
        if (result.state === 'passed') passed++
        else if (result.state === 'failed') failed++
        else {
          skipped++
          const note = result.state === 'skipped' ? result.note : 'still pending'
          skips.push(`  skipped: ${test.project.name} › ${test.fullName}${note ? ` — ${note}` : ''}`)
        }
      }
    }
    if (skips.length) console.log(`\nSkipped tests:\n${skips.join('\n')}`)
    if (retried.length) console.log(`\nRun again after the engine failed to start a container:\n${retried.join('\n')}`)
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`)
  }
}
