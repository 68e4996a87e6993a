import { defineConfig, type Plugin } from 'vitest/config'

// The test layers (README.md, "Architecture" and "How the tests get their daemon"): unit, integration
// (real daemon), e2e (Chromium), packaging, electron.

// expect.poll waits for a condition, not for a time: on a loaded 2-core CI machine an engine or a page can take
// seconds to get there, far past vitest's 1 s default. A test that measures speed says so with its own figure.
const patientPoll = { expect: { poll: { timeout: 20_000, interval: 50 } } }
// The engine's own runtime sometimes fails to start a container on a loaded machine (runc's init dies before it
// reports: "read init-p: connection reset by peer", seen once on Docker 26 in CI). That is not Slipway's doing, so a
// test that failed with exactly such a message runs once more; any other failure fails at once. The summary
// reporter names every test that passed only on its second try.
const engineRuntimeHiccup = {
  retry: { count: 1, condition: /OCI runtime (create|start|exec) failed|read init-p|failed to create shim task/ }
}
/**
 * electron-vite's `?modulePath` import (src/main/index.ts, the index worker) gives the bundled file's path; in
 * tests it gives the source file's path, as the import names it, instead of running the module here.
 */
function modulePath(): Plugin {
  const suffix = '?modulePath'
  return {
    name: 'slipway-module-path',
    enforce: 'pre',
    load: (id) => (id.endsWith(suffix) ? `export default ${JSON.stringify(id.slice(0, -suffix.length))}` : null)
  }
}

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        plugins: [modulePath()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          expect: { poll: { timeout: 5_000, interval: 20 } }
        }
      },
      {
        plugins: [modulePath()],
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-daemon.ts'],
          ...patientPoll,
          ...engineRuntimeHiccup,
          testTimeout: 120_000,
          hookTimeout: 600_000
        }
      },
      {
        plugins: [modulePath()],
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-daemon.ts'],
          ...patientPoll,
          ...engineRuntimeHiccup,
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false
        }
      },
      {
        plugins: [modulePath()],
        test: {
          name: 'packaging',
          include: ['test/packaging/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000
        }
      },
      {
        plugins: [modulePath()],
        test: {
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          testTimeout: 60_000
        }
      }
    ]
  }
})
