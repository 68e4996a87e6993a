// Types for the pure parts of ensure-electron.mjs (plain Node, so it runs before anything is built).

export interface ElectronInstall {
  version: string
  distVersion: string | null
  pathTxt: string | null
  expectedPathTxt: string
  binaryExists: boolean
}

export type InstallFailureReason = 'node-too-old' | 'no-network' | 'mirror-error' | 'checksum' | 'cannot-write' | 'installer-failed'

export interface InstallFailure {
  output: string
  electronVersion: string
  nodeVersion: string
  minimumNode: string
  mirror: string | null
  retry: string
  electronDir: string
  connectionError?: string | null
}

export function isElectronInstalled(install: ElectronInstall): boolean
export function platformExecutable(platform: string): string
export function electronMirror(env: Record<string, string | undefined>): string | null
export function isAtLeast(version: string, minimum: string): boolean
export function minimumNodeVersion(range: string | undefined): string
export function downloadedUrls(output: string): string[]
export function describeConnectionError(code: string): string
export function explainInstallFailure(failure: InstallFailure): { reason: InstallFailureReason; message: string }
export function retryCommand(lifecycleEvent: string | undefined): string
