#!/usr/bin/env node
// Makes sure Electron's binary is in node_modules/electron before `npm start`, `npm run dev` and
// `npm run dist` launch or package the app.
//
// Why this exists: Electron 45's package has no install script. Its binary arrives the first time
// require('electron') runs, or when its installer (node_modules/electron/install.js) runs, which writes
// dist/ and path.txt. electron-vite's `preview` and `dev` read path.txt directly and stop with
// "Electron uninstall" when it is missing, so on a fresh clone nothing ever downloads the binary.
//
// Plain Node (no TypeScript, no dependencies) so it runs before anything is built.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Node's own errors for a connection that never got an answer (DNS, refused, reset, timed out, unreachable). */
const CONNECTION_ERRORS = /\b(fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT|UND_ERR_SOCKET|socket hang up)\b/
/** What a Node too old for the downloader (an ES module loaded with require) says. */
const OLD_NODE_ERRORS = /ERR_REQUIRE_ESM|require\(\) of ES Module|ERR_UNKNOWN_FILE_EXTENSION|Cannot use import statement outside a module/
const HTTP_ERROR = /Response code (\d{3}) \(([^)]*)\) for (\S+)/
const CHECKSUM_ERRORS = /ChecksumMismatchError|NoChecksumFoundError|ChecksumParseError|did not match expected checksum|No checksum found/
const WRITE_ERRORS = /\b(EACCES|EPERM|ENOSPC|EROFS|EDQUOT)\b/
/** @electron/get logs each URL it fetches when DEBUG includes it: "... Downloading <url> to <file>". */
const DOWNLOADING = /Downloading (\S+) to /g

/**
 * Whether Electron's installer has already put the binary in place: the same three things its
 * install.js checks (dist/version is this package's version, path.txt names the platform's
 * executable, the executable is there).
 * @param {{ version: string, distVersion: string | null, pathTxt: string | null, expectedPathTxt: string, binaryExists: boolean }} install
 */
export function isElectronInstalled(install) {
  return (
    install.distVersion !== null &&
    install.distVersion.trim().replace(/^v/, '') === install.version &&
    install.pathTxt === install.expectedPathTxt &&
    install.binaryExists
  )
}

/** The executable's path inside dist/, as install.js writes it to path.txt. */
export function platformExecutable(platform) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron'
    case 'win32':
      return 'electron.exe'
    default:
      return 'electron'
  }
}

/**
 * The mirror Electron's downloader will use, read the way @electron/get reads it (.npmrc through
 * npm_config_*, then the environment), or null for Electron's GitHub releases.
 * @param {Record<string, string | undefined>} env
 */
export function electronMirror(env) {
  return (
    env.npm_config_electron_mirror ||
    env.NPM_CONFIG_ELECTRON_MIRROR ||
    env.npm_package_config_electron_mirror ||
    env.ELECTRON_MIRROR ||
    null
  )
}

/** "a.b.c" at least "x.y.z"? Both plain release versions, with or without a leading v. */
export function isAtLeast(version, minimum) {
  const a = version.replace(/^v/, '').split('.').map(Number)
  const b = minimum.replace(/^v/, '').split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  }
  return true
}

/** The lowest Node version in a range like ">= 22.12.0" (the form Electron's engines field uses). */
export function minimumNodeVersion(range) {
  const match = /(\d+\.\d+\.\d+)/.exec(range ?? '')
  return match ? match[1] : '22.12.0'
}

function hostOf(url) {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** The URLs @electron/get fetched, in order, from its debug lines; the last one is the one that failed. */
export function downloadedUrls(output) {
  return [...output.matchAll(DOWNLOADING)].map((m) => m[1])
}

/** A connection failure in words (Node's fetch says only "fetch failed"; the cause has the code). */
export function describeConnectionError(code) {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'its name does not resolve'
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset'
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'TimeoutError':
      return 'connection timed out'
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'network unreachable'
    default:
      return code
  }
}

/**
 * Why Electron's installer failed, as one sentence that says what to do: its output (with
 * @electron/get's debug lines) is all we have, since install.js prints only the error's stack.
 * connectionError: the code found by trying the failing URL again (see probeConnection).
 * @param {{ output: string, electronVersion: string, nodeVersion: string, minimumNode: string,
 *   mirror: string | null, retry: string, electronDir: string, connectionError?: string | null }} failure
 * @returns {{ reason: 'node-too-old' | 'no-network' | 'mirror-error' | 'checksum' | 'cannot-write' | 'installer-failed', message: string }}
 */
export function explainInstallFailure(failure) {
  const { output, electronVersion, nodeVersion, minimumNode, mirror, retry, electronDir, connectionError } = failure
  const electron = `Electron ${electronVersion}`
  const lastUrl = downloadedUrls(output).at(-1) ?? mirror ?? 'https://github.com/electron/electron/releases'
  const host = hostOf(lastUrl)
  const mirrorHint = mirror
    ? `check that ELECTRON_MIRROR (${mirror}) points at a mirror of Electron's releases`
    : "set ELECTRON_MIRROR to a mirror of Electron's releases that you can reach"

  if (OLD_NODE_ERRORS.test(output)) {
    return {
      reason: 'node-too-old',
      message: `${electron}'s downloader cannot run on Node ${nodeVersion}: install Node ${minimumNode} or newer (for example \`nvm install 22\`) and run \`${retry}\` again.`
    }
  }
  const http = HTTP_ERROR.exec(output)
  if (http) {
    const [, status, statusText, url] = http
    return {
      reason: 'mirror-error',
      message: `Could not download ${electron}: ${hostOf(url)} answered ${status} ${statusText} for ${url}; ${mirror ? mirrorHint : `try again later or ${mirrorHint}`}, then run \`${retry}\` again.`
    }
  }
  if (CHECKSUM_ERRORS.test(output)) {
    return {
      reason: 'checksum',
      message: `Could not install ${electron}: the file downloaded from ${host} does not match its published SHA-256 checksum; ${mirror ? mirrorHint : 'try again (the download was probably cut short or altered on the way)'}, then run \`${retry}\` again.`
    }
  }
  const connection = CONNECTION_ERRORS.exec(output)
  if (connection) {
    return {
      reason: 'no-network',
      message: `Could not download ${electron}: no connection to ${host} (${describeConnectionError(connectionError || connection[1])}); check your network connection (and proxy settings) or ${mirrorHint}, then run \`${retry}\` again.`
    }
  }
  const write = WRITE_ERRORS.exec(output)
  if (write) {
    return {
      reason: 'cannot-write',
      message: `Could not install ${electron} into ${electronDir} (${write[1]}): make sure you can write there and the disk has room, then run \`${retry}\` again.`
    }
  }
  const firstError = output.split('\n').find((line) => /^\s*\w*Error\b/.test(line))?.trim() ?? 'no error message'
  const oldNode = isAtLeast(nodeVersion, minimumNode) ? '' : ` (Electron supports Node ${minimumNode} or newer; this is ${nodeVersion})`
  return {
    reason: 'installer-failed',
    message: `${electron}'s installer failed with "${firstError}"${oldNode}: run \`node ${path.join(electronDir, 'install.js')}\` to see its full output.`
  }
}

/** The npm command that ran us, to say "run it again": `npm start`, `npm run dev`, `npm run dist`. */
export function retryCommand(lifecycleEvent) {
  if (!lifecycleEvent || lifecycleEvent === 'start' || lifecycleEvent === 'test') return 'npm start'
  return `npm run ${lifecycleEvent}`
}

/** Tries the URL once more to learn why the connection failed: the installer prints only "fetch failed". */
async function probeConnection(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10_000) })
    return null
  } catch (error) {
    return error?.cause?.code ?? error?.cause?.message ?? null
  }
}

function readOrNull(file) {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** The electron package this project's electron-vite and electron-builder will use. */
function findElectron(projectRoot) {
  const packageJson = createRequire(path.join(projectRoot, 'package.json')).resolve('electron/package.json')
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8'))
  return { dir: path.dirname(packageJson), version: manifest.version, engines: manifest.engines?.node }
}

function runInstaller(electronDir, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
      cwd: electronDir,
      // The debug lines name the URL being fetched, which the failure message reports.
      env: { ...env, DEBUG: [env.DEBUG, '@electron/get*'].filter(Boolean).join(',') },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', (error) => resolve({ code: 1, signal: null, output: `${output}\n${error.stack}` }))
    child.on('close', (code, signal) => resolve({ code, signal, output }))
  })
}

async function main() {
  // electron-vite launches this binary instead of node_modules/electron's when it is set.
  if (process.env.ELECTRON_EXEC_PATH) return 0

  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  let electron
  try {
    electron = findElectron(projectRoot)
  } catch {
    console.error(`Electron's package is not in ${path.join(projectRoot, 'node_modules')}: run \`npm install\`, then \`${retryCommand(process.env.npm_lifecycle_event)}\` again.`)
    return 1
  }
  const expectedPathTxt = platformExecutable(process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform)
  const readInstall = () => {
    const pathTxt = readOrNull(path.join(electron.dir, 'path.txt'))
    return {
      version: electron.version,
      distVersion: readOrNull(path.join(electron.dir, 'dist', 'version')),
      pathTxt,
      expectedPathTxt,
      binaryExists: pathTxt !== null && existsSync(path.join(electron.dir, 'dist', pathTxt))
    }
  }
  if (isElectronInstalled(readInstall())) return 0

  const mirror = electronMirror(process.env)
  const relativeDir = path.relative(process.cwd(), electron.dir) || electron.dir
  console.log(`Downloading Electron ${electron.version} (once, into ${relativeDir}) from ${mirror ? hostOf(mirror) : 'github.com'}…`)
  const started = Date.now()
  const result = await runInstaller(electron.dir, process.env)
  if (result.signal === 'SIGINT' || result.signal === 'SIGTERM') return 130

  if (result.code === 0 && isElectronInstalled(readInstall())) {
    console.log(`Electron ${electron.version} is installed (${((Date.now() - started) / 1000).toFixed(1)} s).`)
    return 0
  }
  const output = result.code === 0 ? `${result.output}\nError: the installer finished but ${path.join(relativeDir, 'path.txt')} or the binary is missing` : result.output
  const failedUrl = downloadedUrls(output).at(-1)
  const { message } = explainInstallFailure({
    output,
    connectionError: failedUrl && CONNECTION_ERRORS.test(output) ? await probeConnection(failedUrl) : null,
    electronVersion: electron.version,
    nodeVersion: process.version,
    minimumNode: minimumNodeVersion(electron.engines),
    mirror,
    retry: retryCommand(process.env.npm_lifecycle_event),
    electronDir: relativeDir
  })
  console.error(message)
  return 1
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main()
}
