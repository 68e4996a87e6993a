/** The live build beside the editor: steps, state, log (filled in by the build feature). */
export function BuildProgressPanel() {
  return null
}
