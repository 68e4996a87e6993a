// dockerfile-utils' validator, mapped into our diagnostics.
import { validate, ValidationCode } from 'dockerfile-utils'
import type { Diagnostic, Severity } from './types'

/** dockerfile-utils codes whose meaning one of our rules reports (with a better message and a fix). */
export const SAME_MEANING: Partial<Record<ValidationCode, string>> = {
  [ValidationCode.MULTIPLE_INSTRUCTIONS]: 'multiple-instructions-disallowed',
  [ValidationCode.DEPRECATED_MAINTAINER]: 'maintainer-deprecated',
  [ValidationCode.WORKDIR_IS_NOT_ABSOLUTE]: 'workdir-relative-path',
  [ValidationCode.INVALID_PORT]: 'expose-port-out-of-range',
  [ValidationCode.UNKNOWN_INSTRUCTION]: 'invalid-instruction',
  [ValidationCode.ARGUMENT_MISSING]: 'invalid-instruction',
  [ValidationCode.SHELL_JSON_FORM]: 'invalid-instruction',
  [ValidationCode.HEALTHCHECK_CMD_ARGUMENT_MISSING]: 'invalid-instruction'
}

/** A short "what to do" for the codes people meet most; the message says what is wrong. */
const ADVICE: Partial<Record<ValidationCode, string>> = {
  [ValidationCode.CASING_INSTRUCTION]: 'Write the keyword in capitals.',
  [ValidationCode.CASING_DIRECTIVE]: 'Write the directive name in lower case.',
  [ValidationCode.JSON_IN_SINGLE_QUOTES]: 'Use double quotes, e.g. ["python3", "app.py"]; with single quotes it runs as a shell command.',
  [ValidationCode.EMPTY_CONTINUATION_LINE]: 'Remove the empty line inside the continued instruction.',
  [ValidationCode.UNKNOWN_INSTRUCTION]: 'Check the spelling, or make the line a comment with #.',
  [ValidationCode.NO_SOURCE_IMAGE]: 'Start the Dockerfile with FROM <image>.',
  [ValidationCode.INVALID_REFERENCE_FORMAT]: 'Image references look like name:tag or name@sha256:digest.',
  [ValidationCode.INVALID_PORT]: 'Use a port number from 1 to 65535, optionally with /tcp or /udp.',
  [ValidationCode.INVALID_DESTINATION]: 'End the destination with / when copying several sources.',
  [ValidationCode.DUPLICATE_BUILD_STAGE_NAME]: 'Give each stage its own name.',
  [ValidationCode.INVALID_BUILD_STAGE_NAME]: 'Stage names start with a letter and use letters, digits, -, _ and .'
}

const SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' }

export interface MappedDiagnostic extends Diagnostic {
  /** Our rule id with the same meaning, if there is one. */
  sameAs?: string
}

export function dockerfileUtilsRuleId(code: unknown): string {
  const name = typeof code === 'number' ? ValidationCode[code] : undefined
  return `dockerfile-utils/${name ? name.toLowerCase().replace(/_/g, '-') : String(code)}`
}

/** validate() on the whole text (see dockerfile-utils-blocks.ts for the same, block by block). */
export function validateWithDockerfileUtils(text: string): MappedDiagnostic[] {
  try {
    return validate(text).map(mapDockerfileUtilsDiagnostic)
  } catch {
    // dockerfile-utils throws on some text (see validateSafely): our own rules still report.
    return []
  }
}

/** The parts of a dockerfile-utils diagnostic that are read. */
export interface DockerfileUtilsDiagnostic {
  range: { start: { line: number }; end: { line: number } }
  severity?: number
  code?: number | string
  message: string | { value: string }
}

export function mapDockerfileUtilsDiagnostic(d: DockerfileUtilsDiagnostic): MappedDiagnostic {
  const code = typeof d.code === 'number' ? (d.code as ValidationCode) : undefined
  const advice = code !== undefined ? ADVICE[code] : undefined
  const sameAs = code !== undefined ? SAME_MEANING[code] : undefined
  const text = typeof d.message === 'string' ? d.message : d.message.value
  const message = advice ? `${text.replace(/\.?$/, '.')} ${advice}` : text
  return {
    line: d.range.start.line + 1,
    ...(d.range.end.line > d.range.start.line ? { endLine: d.range.end.line + 1 } : {}),
    severity: SEVERITY[d.severity ?? 1] ?? 'error',
    rule: dockerfileUtilsRuleId(d.code),
    message,
    ...(sameAs ? { sameAs } : {})
  }
}
