/**
 * The renderer's Content-Security-Policy: one source for the meta tag the build writes into index.html
 * and the header the app:// protocol sends. Styles come from our own files, or from <style> elements
 * that carry the page's nonce (CodeMirror's); never from inline style attributes or injected markup.
 */

/** Written by the build where each served page gets a fresh nonce (Vite's html.cspNonce and our meta tag). */
export const CSP_NONCE_PLACEHOLDER = 'SLIPWAY_CSP_NONCE'

/** Where index.html asks for the policy; the build replaces it (see electron.vite.config.ts). */
export const CSP_META_MARKER = '%SLIPWAY_CSP%'

const directives = (nonce: string): [string, string][] => [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', `'self' 'nonce-${nonce}'`],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"]
]

/**
 * The policy for a page served with `nonce`. A meta tag cannot carry frame-ancestors (browsers ignore it
 * there, with a warning), so `delivery: 'meta'` leaves it out; the response header has it.
 */
export function contentSecurityPolicy(nonce: string, delivery: 'header' | 'meta' = 'header'): string {
  return directives(nonce)
    .filter(([name]) => delivery === 'header' || name !== 'frame-ancestors')
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}
