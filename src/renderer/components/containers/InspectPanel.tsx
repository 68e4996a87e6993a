/** `docker inspect` output for one container, read-only. */
export function InspectPanel({ name, json, onClose }: { name: string; json: string; onClose: () => void }) {
  return (
    <section className="inspect-panel" aria-label={`Inspect ${name}`}>
      <header className="logs-toolbar">
        <h2>
          <code>docker inspect {name}</code>
        </h2>
        <button type="button" className="button small" aria-label="Close inspect" onClick={onClose}>
          ✕
        </button>
      </header>
      <pre className="inspect-json" tabIndex={0}>
        {json}
      </pre>
    </section>
  )
}
