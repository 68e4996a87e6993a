import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createCspNonce, withCspNonce } from '../../src/main/csp'
import type { Envelope } from '../../src/shared/ipc/errors'
import { startMain, type MainServices, type StartMainOptions } from '../../src/main/services'
import type { RequestHandler, Transport } from '../../src/main/transport'
import { scriptedDialogs, type ConfirmOptions, type DialogAnswers } from '../support/scripted-dialogs'
import { sourceIndexWorker } from '../support/index-worker'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const rendererDir = path.join(root, 'out', 'renderer')

export interface LaunchOptions {
  /** The engine to use, as DOCKER_HOST; defaults to the test daemon (SLIPWAY_TEST_DOCKER_HOST). */
  dockerHost?: string
  /** The app's data folder (drafts, history, settings); a fresh temp folder by default. */
  userDataDir?: string
  /** Dialog answers for a test: each returns what the person would have picked. Unset ones cancel. */
  dialogs?: DialogAnswers
  /**
   * How main's own confirmations (host paths, engine power, deletes: `boundary` confirms) are answered when
   * `dialogs.confirm` is not scripted. 'accept' (the default) picks the first button, as a person does who
   * already agreed in the page's own dialog; 'cancel' refuses. Every confirm is recorded in `confirms`.
   */
  boundaryConfirms?: 'accept' | 'cancel'
  /** The home folder the engine resolution reads ~/.docker from; a fresh temp folder by default. */
  homeDir?: string
  engineTiming?: StartMainOptions['engineTiming']
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
}

export interface LaunchedApp {
  page: Page
  services: MainServices
  /** URLs the app asked the system browser to open. */
  openedUrls: string[]
  /** Every native confirmation main showed, in order. */
  confirms: ConfirmOptions[]
  userDataDir: string
  close(): Promise<void>
}

let pageBridgeScript: Promise<string> | null = null

function bundlePageBridge(): Promise<string> {
  pageBridgeScript ??= build({
    entryPoints: [path.join(root, 'test/e2e/page-bridge.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent'
  }).then((result) => result.outputFiles[0]!.text)
  return pageBridgeScript
}

function ensureRendererBuilt(): void {
  if (existsSync(path.join(rendererDir, 'index.html'))) return
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('Building the renderer (electron-vite build) failed')
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** Serves the built renderer on 127.0.0.1, as the app:// protocol does in Electron. */
async function serveRenderer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '')
    const file = path.resolve(rendererDir, relative)
    if (!file.startsWith(rendererDir + path.sep)) {
      response.writeHead(404).end()
      return
    }
    readFile(file).then(
      (body) => {
        const headers: Record<string, string> = { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' }
        if (file.endsWith('.html')) {
          // As the app:// protocol serves a page: a fresh style nonce and the CSP header.
          const page = withCspNonce(body.toString('utf8'), createCspNonce())
          headers['content-security-policy'] = page.header
          body = Buffer.from(page.html)
        }
        response.writeHead(200, headers)
        response.end(body)
      },
      () => response.writeHead(404).end()
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no server address')
  return { server, url: `http://127.0.0.1:${address.port}/` }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage'
    ]
  })
}

/**
 * Opens the built renderer in Debian's Chromium with the real main-process handlers running in this
 * process against the daemon, joined through Playwright bindings by the same contract client the preload uses.
 */
export async function launchApp(options: LaunchOptions = {}): Promise<LaunchedApp> {
  ensureRendererBuilt()
  const temps: string[] = []
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
    temps.push(dir)
    return dir
  }
  const userDataDir = options.userDataDir ?? (await tempDir('slipway-data-'))
  const homeDir = options.homeDir ?? (await tempDir('slipway-home-'))
  // The engine the tests use (the global setup's choice, else DOCKER_HOST as scripts and benches give it).
  const dockerHost = options.dockerHost ?? process.env.SLIPWAY_TEST_DOCKER_HOST ?? process.env.DOCKER_HOST
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: homeDir }
  if (dockerHost) env.DOCKER_HOST = dockerHost

  const [{ server, url }, bridge, browser] = await Promise.all([serveRenderer(), bundlePageBridge(), launchBrowser()])
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 800 }
  })
  const page = await context.newPage()

  const routes = new Map<string, RequestHandler>()
  let pageOpen = true
  page.on('close', () => {
    pageOpen = false
  })
  const transport: Transport = {
    handle: (channel, handler) => routes.set(channel, handler),
    emit: (eventChannel, payload) => {
      if (!pageOpen) return
      page
        .evaluate(([c, p]) => (window as unknown as { __slipwayDispatch?: (c: string, p: unknown) => void }).__slipwayDispatch?.(c, p), [eventChannel, payload] as const)
        .catch(() => undefined)
    }
  }
  const openedUrls: string[] = []
  const dialogs = scriptedDialogs(options.dialogs, { boundary: options.boundaryConfirms ?? 'accept' })
  const confirms = dialogs.confirms
  const services = startMain({
    transport,
    dialogs,
    dataDir: userDataDir,
    openExternal: async (u) => {
      openedUrls.push(u)
    },
    appVersion: '0.0.0-test',
    startIndexWorker: sourceIndexWorker,
    env,
    homeDir,
    ...(options.engineTiming ? { engineTiming: options.engineTiming } : {})
  })
  await page.exposeBinding('__slipwayInvoke', async (source, channel: string, input: unknown): Promise<Envelope> => {
    const handler = routes.get(channel)
    if (!handler) return { ok: false, error: { code: 'unknown-channel', message: `Unknown channel ${channel}` } }
    return handler(input, { trusted: source.frame === page.mainFrame(), description: source.frame.url() })
  })
  await page.addInitScript({ content: bridge })
  await page.goto(url)

  return {
    page,
    services,
    openedUrls,
    confirms,
    userDataDir,
    async close() {
      services.dispose()
      await browser.close().catch(() => undefined)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })))
    }
  }
}

/**
 * The status bar's engine status as one line of words: its parts are laid out as separate boxes (the address
 * elided in the middle), so innerText breaks it into lines; its text is what a screen reader reads.
 */
export async function engineStatusText(page: Page): Promise<string> {
  const text = await page.getByRole('contentinfo', { name: 'Engine status' }).getByRole('status').textContent()
  return (text ?? '').replace(/\s+/g, ' ').trim()
}
