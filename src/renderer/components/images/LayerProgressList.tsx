import { formatBytes } from './format'

interface LayerProgress {
  id: string
  status: string
  current: number
  total: number
}

/**
 * One bar per layer of a pull or a push, under the operation's last message. `done` tells a finished layer
 * whose size the engine never sent; `counting` tells when its bytes are worth showing.
 */
export function LayerProgressList({
  label,
  progress,
  done,
  counting = () => true
}: {
  label: string
  progress: { status: string; layers: readonly LayerProgress[] }
  done: RegExp
  counting?: (layer: LayerProgress) => boolean
}) {
  return (
    <div aria-label={label} role="group">
      <p className="muted">{progress.status}</p>
      <ul className="images-pull-layers">
        {progress.layers.map((layer) => (
          <li key={layer.id}>
            <code>{layer.id}</code>
            <progress aria-label={`Layer ${layer.id}`} max={layer.total || 1} value={layer.total ? layer.current : done.test(layer.status) ? 1 : 0} />
            <span>
              {layer.status}
              {layer.total && counting(layer) ? ` ${formatBytes(layer.current)} / ${formatBytes(layer.total)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
