// Secret values (build args, container env) a person marked: shown as **** and never stored by Slipway.
import type { BuildRequest } from '../ipc/channels/build'

export const SECRET_MASK = '****'

/**
 * Values shorter than this are not masked inside output lines: they would blank every matching
 * letter or digit of the log, and a value that short is guessed anyway.
 */
export const MIN_MASKED_LENGTH = 4

/** The request as Slipway keeps and shows it: a secret build arg keeps its name, never its value. */
export function withoutSecretValues(request: BuildRequest): BuildRequest {
  if (!request.buildArgs.some((arg) => arg.secret)) return request
  return { ...request, buildArgs: request.buildArgs.map((arg) => (arg.secret ? { name: arg.name, value: '', secret: true } : arg)) }
}

/** The secret values of a request, each line of a multi-line value on its own (output comes in lines). */
export function secretValues(request: BuildRequest): string[] {
  const values = request.buildArgs.filter((arg) => arg.secret).flatMap((arg) => arg.value.split(/\r?\n/))
  return [...new Set(values.filter((value) => value.length >= MIN_MASKED_LENGTH))].sort((a, b) => b.length - a.length)
}

/** Replaces every occurrence of the given values in a line of output with ****; longest first. */
export function maskSecretValues(line: string, values: readonly string[]): string {
  let masked = line
  for (const value of values) if (masked.includes(value)) masked = masked.split(value).join(SECRET_MASK)
  return masked
}
