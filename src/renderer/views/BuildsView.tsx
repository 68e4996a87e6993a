export function BuildsView() {
  return (
    <section className="view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Builds</h1>
      </header>
      <p className="muted">This view is being built.</p>
    </section>
  )
}
