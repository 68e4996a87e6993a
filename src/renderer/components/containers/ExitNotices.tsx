import '../../styles/containers.css'
import { useContainers } from '../../store/containers'
import { useNavigation } from '../../store/navigation'

/** Toasts for containers that exited: the exit code and the last lines of their log, wherever the person is. */
export function ExitNotices() {
  const notices = useContainers((s) => s.notices)
  const dismiss = useContainers((s) => s.dismissNotice)
  const reveal = useContainers((s) => s.reveal)
  const containers = useContainers((s) => s.containers)
  const loaded = useContainers((s) => s.loaded)
  const show = useNavigation((s) => s.show)
  if (notices.length === 0) return null
  return (
    <div className="exit-notices">
      {notices.map((notice) => (
        <section
          key={notice.id}
          className={notice.exitCode === 0 ? 'exit-notice' : 'exit-notice failed'}
          role="alert"
          aria-label={`Container ${notice.name} exited`}
        >
          <header>
            <strong>
              {notice.name} exited {notice.exitCode === null ? '' : `with code ${notice.exitCode}`}
            </strong>
            <button type="button" className="button small" aria-label={`Dismiss the notice about ${notice.name}`} onClick={() => dismiss(notice.id)}>
              ✕
            </button>
          </header>
          {notice.lastLines.length ? (
            <pre className="exit-notice-log" aria-label="Last log lines">
              {notice.lastLines.map((l) => (l.stream === 'stderr' ? `! ${l.text}` : l.text)).join('\n')}
            </pre>
          ) : (
            <p className="muted">No log output.</p>
          )}
          {loaded && !containers.some((c) => c.id === notice.id) ? (
            <p className="muted">The container is gone (it was removed when it stopped, --rm), so the Containers list no longer has it.</p>
          ) : (
            <button
              type="button"
              className="button small"
              onClick={() => {
                dismiss(notice.id)
                reveal(notice.id)
                show('Containers')
              }}
            >
              Show in Containers
            </button>
          )}
        </section>
      ))}
    </div>
  )
}
