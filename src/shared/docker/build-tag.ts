// Validates image tags for a build (`docker build -t`) against Docker's reference
// grammar (distribution/reference), with a message a newcomer can act on.

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_PART = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/
const TAG = /^[\w][\w.-]{0,127}$/
const PORT = /^[0-9]+$/
const MAX_NAME = 255

export type TagCheck = { ok: true; reference: string } | { ok: false; message: string }

function looksLikeDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()
}

function checkDomain(domain: string): string | null {
  const [host, port, ...rest] = domain.split(':')
  if (rest.length > 0 || host === undefined || host === '') return `"${domain}" is not a valid registry host.`
  if (port !== undefined && !PORT.test(port)) return `The registry port in "${domain}" must be a number.`
  if (!host.split('.').every((part) => DOMAIN_PART.test(part))) return `"${domain}" is not a valid registry host.`
  return null
}

/** Checks one tag such as `myname/myfirstapp:1.0`. */
export function checkBuildTag(input: string): TagCheck {
  const text = input.trim()
  const example = 'Use lower-case letters, digits and separators, for example myname/myfirstapp:1.0.'
  if (text === '') return { ok: false, message: 'The image tag is empty. Give a name such as myfirstapp or myname/myfirstapp:1.0.' }
  if (/\s/.test(text)) return { ok: false, message: `"${text}" contains a space. ${example}` }
  if (text.includes('@')) return { ok: false, message: `"${text}" has a digest (@…); a build can only set names and tags. Remove the @ part.` }

  let name = text
  let tag: string | undefined
  const lastColon = text.lastIndexOf(':')
  if (lastColon > text.lastIndexOf('/')) {
    name = text.slice(0, lastColon)
    tag = text.slice(lastColon + 1)
    if (!TAG.test(tag)) {
      return { ok: false, message: `The tag "${tag}" in "${text}" is not valid: it may hold letters, digits, _, . and - (up to 128, not starting with . or -), e.g. 1.0 or latest.` }
    }
  }
  if (name === '') return { ok: false, message: `"${text}" has a tag but no image name. ${example}` }

  const parts = name.split('/')
  let path = parts
  if (parts.length > 1 && looksLikeDomain(parts[0]!)) {
    const problem = checkDomain(parts[0]!)
    if (problem) return { ok: false, message: `${problem} ${example}` }
    path = parts.slice(1)
  }
  for (const component of path) {
    if (component !== component.toLowerCase() && COMPONENT.test(component.toLowerCase())) {
      return { ok: false, message: `Repository names must be lower case: "${name}" has upper-case letters. Try "${text.replace(component, component.toLowerCase())}".` }
    }
    if (!COMPONENT.test(component)) {
      return { ok: false, message: `"${component || '(empty)'}" in "${text}" is not a valid name part. ${example}` }
    }
  }
  if (name.length > MAX_NAME) return { ok: false, message: `The repository name in "${text}" is longer than ${MAX_NAME} characters.` }
  return { ok: true, reference: tag === undefined ? `${name}:latest` : `${name}:${tag}` }
}

/** Splits the "Image tag" field (tags separated by spaces or commas) and checks each one. */
export function parseBuildTags(field: string): { tags: string[]; errors: string[] } {
  const tags: string[] = []
  const errors: string[] = []
  for (const raw of field.split(/[\s,]+/).filter((t) => t !== '')) {
    const check = checkBuildTag(raw)
    if (check.ok) tags.push(raw)
    else errors.push(check.message)
  }
  return { tags, errors }
}
