/** The Dockerfile view's "Build" button: opens the build options (filled in by the build feature). */
export function BuildButton() {
  return (
    <button type="button" className="button primary" disabled title="Building is not available yet">
      Build
    </button>
  )
}
