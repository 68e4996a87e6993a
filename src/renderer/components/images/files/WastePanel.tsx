import type { ImageFilesSummary } from '../../../../shared/ipc/channels/layers'
import { formatBytes } from '../format'
import { ColumnHeads } from '../../table/ColumnHeads'

/** Wasted space as dive computes it, the advice it leads to, and the paths that waste the most. */
export function WastePanel({ summary, onShowLayer }: { summary: ImageFilesSummary; onShowLayer(layer: number): void }) {
  const { waste } = summary
  return (
    <section className="files-waste" aria-label="Wasted space">
      <h3>Wasted space</h3>
      <p>
        Efficiency <strong>{(waste.efficiency * 100).toFixed(1)}%</strong>, wasted <strong>{formatBytes(waste.wastedBytes)}</strong>
        <span className="muted" title="dive counts every copy of a path that more than one layer touches">
          {' '}
          (dive: {formatBytes(waste.diveWastedBytes)})
        </span>
      </p>
      {waste.findings.length > 0 && (
        <ul className="files-findings" aria-label="Advice">
          {waste.findings.map((finding, i) => (
            <li key={i}>
              {finding.message}{' '}
              <button type="button" className="link-button" onClick={() => onShowLayer(finding.layer)}>
                Show layer {finding.layer + 1}
              </button>
            </li>
          ))}
        </ul>
      )}
      {waste.top.length > 0 && (
        <details>
          <summary>Paths that waste the most ({waste.top.length})</summary>
          <table className="files-waste-table" aria-label="Paths that waste the most">
            <ColumnHeads names={['Path', 'Wasted', 'Layers']} />
            <tbody>
              {waste.top.map((path) => (
                <tr key={path.path}>
                  <td>
                    <code>{path.path}</code>
                  </td>
                  <td className="files-num">{formatBytes(path.wastedBytes)}</td>
                  <td>{path.layers.map((l) => `${l.layer + 1} ${l.change}${l.change === 'removed' ? '' : ` ${formatBytes(l.size)}`}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  )
}
