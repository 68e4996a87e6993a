import { shortImageId } from '../../../shared/docker/image-id'
import type { LayerProgress } from '../../../shared/ipc/channels/build'
import { formatBytes } from './format'

/** One bar per layer while a base image is pulled. */
export function LayerBars({ layers }: { layers: LayerProgress[] }) {
  // Every state of a layer of the pull (Waiting, Verifying Checksum, Already exists too, so bars do not come and go).
  const shown = layers.filter((l) => l.total !== undefined || /download|extract|pull|complete|done|exists|waiting|verifying/i.test(l.status))
  if (shown.length === 0) return null
  return (
    <section className="build-layers" aria-label="Pulling the base image">
      {shown.map((layer) => {
        // Downloaded (checksum being verified, or done) shows a full bar until extraction reports its own bytes.
        const complete = /complete|done|already exists|verifying/i.test(layer.status)
        const max = layer.total ?? 1
        const value = complete ? max : Math.min(layer.current ?? 0, max)
        return (
          <div key={layer.id} className="build-layer">
            <span className="build-layer-id">{shortImageId(layer.id)}</span>
            <progress max={max} value={value} aria-label={`Layer ${shortImageId(layer.id)}: ${layer.status}`} />
            <span className="build-layer-status">
              {layer.status}
              {layer.total !== undefined && !complete ? ` ${formatBytes(layer.current ?? 0)} / ${formatBytes(layer.total)}` : ''}
            </span>
          </div>
        )
      })}
    </section>
  )
}
