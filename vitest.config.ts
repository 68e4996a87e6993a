import { defineConfig } from 'vitest/config'

// The test layers (README.md, "Architecture" and "How the tests get their daemon"): unit, integration
// (real daemon), e2e (Chromium), packaging, electron.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node'
        }
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-daemon.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000
        }
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-daemon.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false
        }
      },
      {
        test: {
          name: 'packaging',
          include: ['test/packaging/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000
        }
      },
      {
        test: {
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          testTimeout: 60_000
        }
      }
    ]
  }
})
