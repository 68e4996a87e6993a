// The "Image tag" of a build (`docker build -t`): one or more references, checked with Docker's
// reference grammar (see reference.ts), without a digest.
import { formatReference, parseReference } from './reference'

export type TagCheck = { ok: true; reference: string } | { ok: false; message: string }

/** Checks one tag such as `myname/myfirstapp:1.0`; the reference gets `:latest` when it has no tag. */
export function checkBuildTag(input: string): TagCheck {
  const text = input.trim()
  if (text === '') return { ok: false, message: 'The image tag is empty. Give a name such as myfirstapp or myname/myfirstapp:1.0.' }
  const parsed = parseReference(text, { allowDigest: false })
  if (!parsed.ok) return parsed
  return { ok: true, reference: formatReference({ ...parsed.reference, tag: parsed.reference.tag ?? 'latest' }) }
}

/** Splits the "Image tag" field (tags separated by spaces or commas) and checks each one. */
export function parseBuildTags(field: string): { tags: string[]; errors: string[] } {
  const tags: string[] = []
  const errors: string[] = []
  const raws = field.split(/[\s,]+/).filter((t) => t !== '')
  for (const raw of raws) {
    const check = checkBuildTag(raw)
    if (check.ok) tags.push(raw)
    else errors.push(raws.length > 1 ? `${raw}: ${check.message}` : check.message)
  }
  return { tags, errors }
}
