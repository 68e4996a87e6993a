import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { contentSecurityPolicy, CSP_META_MARKER, CSP_NONCE_PLACEHOLDER } from './src/shared/csp'

/** Writes the one Content-Security-Policy (src/shared/csp.ts) into index.html's meta tag; no marker, no build. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'slipway-csp-meta',
    transformIndexHtml(html) {
      if (!html.includes(CSP_META_MARKER)) throw new Error(`index.html must carry the CSP meta tag with content="${CSP_META_MARKER}"`)
      return html.replace(CSP_META_MARKER, contentSecurityPolicy(CSP_NONCE_PLACEHOLDER, 'meta'))
    }
  }
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } }
    }
  },
  preload: {
    // A sandboxed preload cannot require modules: bundle everything into one CommonJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    },
    // Vite puts this nonce on the tags it writes and in <meta property="csp-nonce">; each load gets a fresh one.
    html: { cspNonce: CSP_NONCE_PLACEHOLDER },
    plugins: [react(), contentSecurityPolicyMeta()]
  }
})
