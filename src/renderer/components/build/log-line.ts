// A log line as a terminal shows it. Programs that draw progress (apt, pip, curl) rewrite their line
// with carriage returns: a terminal shows only what was written after the last one.

/** BuildKit's step prefix, `[2/5] `, which Slipway puts before each line of a step's output. */
const STEP_PREFIX = /^\[[^\]\r\n]*\] /

/** The text after the last `\r` (a `\r` at the very end, as progress bars leave, does not blank the line); the step prefix stays. */
export function terminalLine(line: string): string {
  if (!line.includes('\r')) return line
  const prefix = STEP_PREFIX.exec(line)?.[0] ?? ''
  const output = line.slice(prefix.length).replace(/\r+$/, '')
  return prefix + output.slice(output.lastIndexOf('\r') + 1)
}
