// The .hadolint.yaml that applies to a Dockerfile: next to the Dockerfile,
// else at the top of the build context (hadolint itself looks in the folder
// it runs in). Only what the editor's lint honours is read: `ignored`,
// `override` and `trustedRegistries`.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import type { HadolintConfig } from '../../shared/dockerfile'

const NAMES = ['.hadolint.yaml', '.hadolint.yml']
const MAX_BYTES = 200_000

const names = z.array(z.string())
const schema = z.looseObject({
  ignored: names.optional(),
  override: z
    .looseObject({ error: names.optional(), warning: names.optional(), info: names.optional(), style: names.optional() })
    .optional(),
  trustedRegistries: names.optional()
})

export interface HadolintConfigFile {
  /** Full path of the file read. */
  path: string
  config: HadolintConfig
  /** Why the file could not be used (then `config` is empty): shown with the build context's notes. */
  problem?: string
}

/** The first .hadolint.yaml in the Dockerfile's folder, then in the context folder; null when there is none. */
export async function readHadolintConfig(dockerfilePath: string | null, contextDir: string): Promise<HadolintConfigFile | null> {
  const folders = [...new Set([...(dockerfilePath ? [path.dirname(dockerfilePath)] : []), contextDir])]
  for (const folder of folders) {
    for (const name of NAMES) {
      const file = path.join(folder, name)
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch {
        continue
      }
      return readConfigText(file, text)
    }
  }
  return null
}

export function readConfigText(file: string, text: string): HadolintConfigFile {
  const fail = (why: string): HadolintConfigFile => ({ path: file, config: {}, problem: `${file} is not used: ${why}` })
  if (text.length > MAX_BYTES) return fail('it is larger than 200 KB.')
  let value: unknown
  try {
    value = parse(text) ?? {}
  } catch (error) {
    return fail(`it is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). Fix it, or remove it.`)
  }
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    return fail(`${issue?.path.join('.') || 'the file'} should be ${issue?.path.length ? 'a list of rule names, e.g. [DL3008, DL3009]' : 'a mapping with ignored, override or trustedRegistries'}.`)
  }
  const { ignored, override, trustedRegistries } = result.data
  const config: HadolintConfig = {
    ...(ignored ? { ignored } : {}),
    ...(override ? { override: pick(override) } : {}),
    ...(trustedRegistries ? { trustedRegistries } : {})
  }
  return { path: file, config }
}

function pick(o: { error?: string[]; warning?: string[]; info?: string[]; style?: string[] }): NonNullable<HadolintConfig['override']> {
  return {
    ...(o.error ? { error: o.error } : {}),
    ...(o.warning ? { warning: o.warning } : {}),
    ...(o.info ? { info: o.info } : {}),
    ...(o.style ? { style: o.style } : {})
  }
}
