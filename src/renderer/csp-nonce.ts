/**
 * The style nonce of this page load (Vite writes `<meta property="csp-nonce">`, main fills in a fresh
 * value per load). Libraries that add <style> elements at run time, like CodeMirror, must carry it.
 */
export function cspNonce(): string {
  if (typeof document === 'undefined') return ''
  return document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? ''
}
