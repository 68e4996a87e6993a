/** Renders the run dialog when a view asked for it (see store/runDialog). */
export function RunDialogHost() {
  return null
}
