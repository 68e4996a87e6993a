// DL rules about names and values: ENV, ARG, LABEL and USER.
import type { Rule } from '../../types'
import { instructionsOf } from '../../util'
import { dlRule, isWindowsBased, stagesOf } from './report'

/** Does `value` use the variable `name` (`$name`, `${name}`, `${name:-x}` …)? */
function references(value: string, name: string): boolean {
  let at = value.indexOf(`$`)
  while (at !== -1) {
    const rest = value.slice(at + 1)
    if (rest.startsWith(`{${name}`) && /^[}:#%/+\-?]/.test(rest.slice(name.length + 1))) return true
    if (rest.startsWith(name) && !/^[A-Za-z0-9_]/.test(rest.slice(name.length))) return true
    at = value.indexOf('$', at + 1)
  }
  return false
}

export const dl3044: Rule = dlRule('DL3044', ({ statements }, report) => {
  const defined = new Set<string>()
  for (const block of statements) {
    if (block.kind !== 'instruction') continue
    if (block.keyword === 'ARG') for (const d of [block.args, ...(block.args.more ?? [])]) defined.add(d.name)
    if (block.keyword !== 'ENV') continue
    const pairs = block.args.pairs
    // Only a value with a `$` can use another variable.
    const found = !pairs.some((p) => p.value.includes('$')) ? [] : pairs.flatMap((p, i) => (defined.has(p.key) ? [] : pairs.slice(i + 1).filter((later) => references(later.value, p.key)).map((later) => ({ p, later }))))
    for (const p of pairs) defined.add(p.key)
    const first = found[0]
    if (!first) continue
    report(
      block,
      'warning',
      `${first.later.key} uses $${first.p.key}, but an ENV line sets all its variables at once, so $${first.p.key} there is its value from before this line (empty here), not ${JSON.stringify(first.p.value)}. Set ${first.p.key} in an ENV line of its own above this one.`
    )
  }
})

function labelKeyProblem(key: string): string | undefined {
  if (!/^[a-z]/.test(key)) return 'must start with a lower-case letter'
  if (!/[a-z0-9]$/.test(key)) return 'must end with a lower-case letter or a digit'
  if (/[^a-z0-9._/-]/.test(key)) return 'may only use lower-case letters, digits, ".", "-", "_" and "/"'
  if (key.includes('..') || key.includes('--')) return 'must not repeat "." or "-"'
  if (/^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/.test(key)) return 'uses a namespace reserved for Docker'
  return undefined
}

export const dl3048: Rule = dlRule('DL3048', ({ statements }, report) => {
  for (const block of instructionsOf(statements, 'LABEL')) {
    for (const { key } of block.args.pairs) {
      if (key.includes('$')) continue
      const problem = labelKeyProblem(key)
      if (!problem) continue
      report(block, 'info', `The label key "${key}" ${problem}, by Docker's label naming convention. Use a reverse-DNS key such as org.opencontainers.image.title or com.example.${key.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[^a-z]+|[^a-z0-9]+$/g, '') || 'name'}.`)
      break
    }
  }
})

const SENSITIVE_NAMES = new Set([
  'ACCESS_TOKEN', 'APPLICATION_KEY', 'APP_SECRET', 'AUTH_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'BITTREX_API_KEY',
  'BITTREX_API_SECRET', 'CF_PASSWORD', 'CF_USERNAME', 'CIRCLE_TOKEN', 'CI_DEPLOY_PASSWORD', 'CI_DEPLOY_USER', 'DOCKERHUB_PASSWORD',
  'DOCKER_EMAIL', 'DOCKER_PASSWORD', 'DOCKER_USERNAME', 'FACEBOOK_ACCESS_TOKEN', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET',
  'FIREBASE_API_TOKEN', 'FIREBASE_TOKEN', 'FOSSA_API_KEY', 'GH_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_TOKEN',
  'HEROKU_API_KEY', 'HEROKU_API_USER', 'NPM_AUTH_TOKEN', 'NPM_TOKEN', 'OKTA_AUTHN_GROUPID', 'OKTA_CLIENT_ORGURL', 'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTID', 'OKTA_OAUTH2_CLIENTSECRET', 'OPENAI_API_KEY', 'OS_PASSWORD', 'OS_USERNAME', 'POSTGRES_PASSWORD', 'SLACK_TOKEN',
  'STRIPE_API_KEY', 'STRIPE_DEVICE_NAME', 'TRAVIS_OS_NAME', 'TRAVIS_SECURE_ENV_VARS', 'TRAVIS_SUDO', 'VAULT_CLIENT_KEY', 'VAULT_TOKEN'
])
const SENSITIVE_PART = /api_key|client_key|password|private|secret|token|username/i

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_PART.test(name) || SENSITIVE_NAMES.has(name.toUpperCase())
}

export const dl3064: Rule = dlRule('DL3064', ({ statements }, report) => {
  for (const block of statements) {
    if (block.kind !== 'instruction') continue
    let names: string[]
    if (block.keyword === 'ARG') names = [block.args, ...(block.args.more ?? [])].map((d) => d.name)
    else if (block.keyword === 'ENV') names = block.args.pairs.map((p) => p.key)
    else continue
    const name = names.find(isSensitiveName)
    if (name === undefined) continue
    report(
      block,
      'warning',
      `${name} looks like a secret. ${block.keyword} values are stored in the image's history and config, where anyone with the image can read them. Pass secrets with RUN --mount=type=secret,id=${name.toLowerCase()} (docker build --secret id=${name.toLowerCase()},env=${name}).`
    )
  }
})

export const dl3066: Rule = dlRule('DL3066', ({ statements }, report) => {
  const stages = stagesOf(statements)
  for (const block of instructionsOf(statements, 'USER')) {
    const user = block.args.user
    if (/^\d+$/.test(user) || user === 'root' || user.includes('$') || isWindowsBased(stages, block.stageIndex)) continue
    report(
      block,
      'info',
      `USER ${user} is a name, which only the image's /etc/passwd can resolve; tools that check a container does not run as root (such as Kubernetes' runAsNonRoot) need a number. Use the numeric id, e.g. USER 1000${block.args.group !== undefined ? ':1000' : ''}.`
    )
  }
})
