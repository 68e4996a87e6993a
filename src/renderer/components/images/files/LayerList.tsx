import type { LayerInfo } from '../../../../shared/ipc/channels/layers'
import { formatBytes } from '../format'

/** The layers in order, each with the instruction that made it: choosing one shows its files. */
export function LayerList({ layers, selected, onSelect }: { layers: readonly LayerInfo[]; selected: number; onSelect(index: number): void }) {
  return (
    <ol className="files-layers" aria-label="Layers">
      {layers.map((layer) => (
        <li key={layer.index}>
          <button
            type="button"
            className={`files-layer${layer.index === selected ? ' selected' : ''}`}
            aria-pressed={layer.index === selected}
            title={layer.createdBy}
            onClick={() => onSelect(layer.index)}
          >
            <span className="files-layer-head">
              <span>
                {layer.index + 1}. <strong>{layer.instruction}</strong>
              </span>
              <span className="files-layer-size">{formatBytes(layer.size)}</span>
            </span>
            <code className="files-layer-text">{layer.text || layer.digest.slice(0, 19)}</code>
            <span className="muted files-layer-counts">
              +{layer.added} ~{layer.modified} −{layer.removed}
            </span>
          </button>
        </li>
      ))}
    </ol>
  )
}
