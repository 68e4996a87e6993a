// Image references as Docker reads them (the grammar of distribution/reference):
//
//   reference  := name [ ":" tag ] [ "@" digest ]
//   name       := [ domain "/" ] path-component ( "/" path-component )*
//   domain     := domain-component ( "." domain-component )* [ ":" port ]
//   path-component := [a-z0-9]+ ( separator [a-z0-9]+ )*     separator := "." | "_" | "__" | "-"+
//   tag        := [\w][\w.-]{0,127}
//   digest     := "sha256:" 64 hex digits (the only algorithm images use in practice)
//
// The name (domain and path) is at most 255 characters. The first component is a domain when it holds
// a "." or ":", or is "localhost"; otherwise the name is on Docker Hub (docker.io), and a one-component
// name lives under "library/" there.

export interface ImageReference {
  /** Registry host[:port], only when the text named one (e.g. "ghcr.io", "localhost:5000"). */
  domain?: string
  /** The repository path, e.g. "myname/myfirstapp" or "ubuntu". */
  path: string
  tag?: string
  digest?: string
}

export type ParseReferenceResult = { ok: true; reference: ImageReference } | { ok: false; message: string }

export interface ParseReferenceOptions {
  /** Refuse a digest (e.g. for a tag a person adds or a build tag). */
  allowDigest?: boolean
}

export const DEFAULT_DOMAIN = 'docker.io'
export const DEFAULT_TAG = 'latest'
export const MAX_NAME_LENGTH = 255
export const MAX_TAG_LENGTH = 128

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$/
const PORT = /^[0-9]+$/

/** Null when `tag` is a valid tag, else what is wrong with it and what to do. */
export function validateTag(tag: string): string | null {
  if (tag === '') return 'The tag is empty: write one after the colon (e.g. myapp:1.0), or leave out the colon to get "latest".'
  if (/\s/.test(tag)) return `A tag may not contain spaces: try ${JSON.stringify(tag.trim().replace(/\s+/g, '-'))}.`
  if (tag.length > MAX_TAG_LENGTH) return `A tag can be at most ${MAX_TAG_LENGTH} characters (this one has ${tag.length}).`
  if (/^[.-]/.test(tag)) return `A tag must start with a letter, a digit or "_", not "${tag[0]}".`
  const bad = /[^\w.-]/.exec(tag)
  if (bad) return `A tag may contain only letters, digits, "_", "." and "-": "${bad[0]}" is not allowed.`
  return TAG.test(tag) ? null : 'This is not a valid tag.'
}

/** Null when `digest` is a valid image digest, else a message. */
export function validateDigest(digest: string): string | null {
  if (DIGEST.test(digest)) return null
  if (!digest.startsWith('sha256:')) return 'A digest starts with "sha256:" (e.g. name@sha256:…).'
  return 'A digest is "sha256:" followed by 64 lowercase hexadecimal characters.'
}

function splitDomain(name: string): { domain?: string; path: string } {
  const slash = name.indexOf('/')
  if (slash < 0) return { path: name }
  const first = name.slice(0, slash)
  if (first.includes('.') || first.includes(':') || first === 'localhost') return { domain: first, path: name.slice(slash + 1) }
  return { path: name }
}

function validateDomain(domain: string): string | null {
  const colon = domain.lastIndexOf(':')
  const host = colon >= 0 ? domain.slice(0, colon) : domain
  const port = colon >= 0 ? domain.slice(colon + 1) : null
  if (port !== null && !PORT.test(port)) return `The registry port "${port}" is not a number (e.g. localhost:5000/myapp).`
  if (host.split('.').some((component) => !DOMAIN_COMPONENT.test(component))) {
    return `"${domain}" is not a valid registry address: use letters, digits, "-" and "." (e.g. registry.example.com:5000).`
  }
  return null
}

function validatePath(path: string, domain: string | undefined): string | null {
  const full = domain ? `${domain}/${path}` : path
  if (path === '') return 'The repository name is empty: write a name such as myname/myfirstapp.'
  if (path !== path.toLowerCase()) {
    return `Repository names must be lowercase: use ${domain ? `${domain}/` : ''}${path.toLowerCase()} instead of ${full}.`
  }
  for (const component of path.split('/')) {
    if (component === '') return `"${full}" has an empty part between slashes: remove the extra "/".`
    if (PATH_COMPONENT.test(component)) continue
    const bad = /[^a-z0-9._-]/.exec(component)
    if (bad) return `A repository name may contain only lowercase letters, digits, ".", "_" and "-": "${bad[0]}" in "${component}" is not allowed.`
    if (/^[._-]|[._-]$/.test(component)) return `Each part of a repository name must start and end with a letter or digit: "${component}" does not.`
    return `"${component}" has separators that Docker does not accept: use one ".", one or two "_", or dashes between letters and digits.`
  }
  return null
}

/** Null when `name` (a repository, optionally with a registry) is valid, else a message. */
export function validateRepository(name: string): string | null {
  if (/\s/.test(name)) return 'An image name may not contain spaces: use "-" or "_" instead.'
  const { domain, path } = splitDomain(name)
  const domainError = domain !== undefined ? validateDomain(domain) : null
  if (domainError) return domainError
  const pathError = validatePath(path, domain)
  if (pathError) return pathError
  if (name.length > MAX_NAME_LENGTH) return `An image name can be at most ${MAX_NAME_LENGTH} characters (this one has ${name.length}).`
  return null
}

/** Parses an image reference such as `ubuntu`, `myname/app:1.0`, `localhost:5000/app@sha256:…`. */
export function parseReference(text: string, options: ParseReferenceOptions = {}): ParseReferenceResult {
  const fail = (message: string): ParseReferenceResult => ({ ok: false, message })
  if (text.trim() === '') return fail('Write an image name, e.g. myname/myfirstapp:latest.')
  if (text !== text.trim()) return fail('An image reference may not start or end with spaces.')

  let rest = text
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (options.allowDigest === false) return fail('A digest (@sha256:…) cannot be used here: give a tag instead, e.g. myapp:1.0.')
    const digestError = validateDigest(digest)
    if (digestError) return fail(digestError)
  }

  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (/\s/.test(tag)) return fail(`A tag may not contain spaces: try "${tag.trim().replace(/\s+/g, '-')}".`)
  }

  if (/\s/.test(rest)) return fail('An image name may not contain spaces: use "-" or "_" instead.')
  const nameError = validateRepository(rest)
  if (nameError) return fail(nameError)
  if (tag !== undefined) {
    const tagError = validateTag(tag)
    if (tagError) return fail(tagError)
  }

  const { domain, path } = splitDomain(rest)
  const reference: ImageReference = { path }
  if (domain !== undefined) reference.domain = domain
  if (tag !== undefined) reference.tag = tag
  if (digest !== undefined) reference.digest = digest
  return { ok: true, reference }
}

/** Null when `text` is a valid reference (see parseReference), else the message. */
export function validateReference(text: string, options: ParseReferenceOptions = {}): string | null {
  const result = parseReference(text, options)
  return result.ok ? null : result.message
}

/** The repository name with its registry, as written (`localhost:5000/app`, `myname/app`). */
export function repositoryOf(reference: ImageReference): string {
  return reference.domain ? `${reference.domain}/${reference.path}` : reference.path
}

/** The reference as text; parseReference(formatReference(r)) gives r back. */
export function formatReference(reference: ImageReference): string {
  let text = repositoryOf(reference)
  if (reference.tag !== undefined) text += `:${reference.tag}`
  if (reference.digest !== undefined) text += `@${reference.digest}`
  return text
}

/** The fully qualified form the engine stores: `docker.io/library/ubuntu:latest`. Adds "latest" when neither tag nor digest is given. */
export function normalizeReference(reference: ImageReference): ImageReference {
  let domain = reference.domain ?? DEFAULT_DOMAIN
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN
  const path = domain === DEFAULT_DOMAIN && !reference.path.includes('/') ? `library/${reference.path}` : reference.path
  const normalized: ImageReference = { domain, path }
  if (reference.tag !== undefined) normalized.tag = reference.tag
  if (reference.digest !== undefined) normalized.digest = reference.digest
  if (normalized.tag === undefined && normalized.digest === undefined) normalized.tag = DEFAULT_TAG
  return normalized
}

/** The short form `docker images` shows: no `docker.io/`, no `library/`. Keeps the tag and digest as given. */
export function familiarReference(reference: ImageReference): ImageReference {
  const familiar: ImageReference = { path: reference.path }
  const domain = reference.domain === 'index.docker.io' ? DEFAULT_DOMAIN : reference.domain
  if (domain !== undefined && domain !== DEFAULT_DOMAIN) familiar.domain = domain
  else if (familiar.path.startsWith('library/') && familiar.path.split('/').length === 2) familiar.path = familiar.path.slice('library/'.length)
  if (reference.tag !== undefined) familiar.tag = reference.tag
  if (reference.digest !== undefined) familiar.digest = reference.digest
  return familiar
}

/** `ubuntu` → `ubuntu:latest`, `docker.io/library/ubuntu:22.04` → `ubuntu:22.04`; null when the text is not a reference. */
export function familiarString(text: string): string | null {
  const result = parseReference(text)
  if (!result.ok) return null
  const reference = familiarReference(result.reference)
  if (reference.tag === undefined && reference.digest === undefined) reference.tag = DEFAULT_TAG
  return formatReference(reference)
}

/** True when both texts name the same image reference once normalized (`ubuntu` = `docker.io/library/ubuntu:latest`). */
export function sameReference(a: string, b: string): boolean {
  const left = parseReference(a)
  const right = parseReference(b)
  if (!left.ok || !right.ok) return false
  return formatReference(normalizeReference(left.reference)) === formatReference(normalizeReference(right.reference))
}

/** Splits `repo:tag` as `docker images` lists it (the colon after the last slash). */
export function splitRepoTag(text: string): { repository: string; tag: string } {
  const colon = text.lastIndexOf(':')
  if (colon > text.lastIndexOf('/')) return { repository: text.slice(0, colon), tag: text.slice(colon + 1) }
  return { repository: text, tag: DEFAULT_TAG }
}
