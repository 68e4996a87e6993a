import { randomBytes } from 'node:crypto'
import { contentSecurityPolicy, CSP_NONCE_PLACEHOLDER } from '../shared/csp'

/** A fresh nonce for one page load: 128 random bits, base64. */
export function createCspNonce(): string {
  return randomBytes(16).toString('base64')
}

/**
 * A built page as it is served: its nonce placeholders (meta tag, Vite's csp-nonce meta, tags) replaced by
 * `nonce`, and the header that carries the whole policy, frame-ancestors included.
 */
export function withCspNonce(html: string, nonce: string): { html: string; header: string } {
  return { html: html.replaceAll(CSP_NONCE_PLACEHOLDER, nonce), header: contentSecurityPolicy(nonce, 'header') }
}
