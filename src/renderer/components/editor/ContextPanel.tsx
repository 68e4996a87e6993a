import { useState } from 'react'
import type { ContextNode } from '../../../shared/ipc/channels/context'
import { formatBytes } from '../../../shared/format'
import { useDockerfile } from '../../store/dockerfile'


function TreeNode({ node, depth, ignoreName }: { node: ContextNode; depth: number; ignoreName: string }) {
  const [open, setOpen] = useState(depth === 0)
  const isDir = node.type === 'dir'
  const label = `${node.name}${isDir ? '/' : ''}`
  return (
    <li role="treeitem" aria-expanded={isDir ? open : undefined} aria-selected={false} className={node.ignored ? 'ignored' : undefined}>
      <div className="tree-row" style={{ paddingLeft: depth * 14 }}>
        {isDir ? (
          <button type="button" className="tree-toggle" aria-label={`${open ? 'Collapse' : 'Expand'} ${node.name}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-toggle" aria-hidden="true" />
        )}
        <span className="tree-name">{label}</span>
        {node.ignored ? <span className="tree-note">excluded by {ignoreName}</span> : <span className="tree-size">{formatBytes(node.size)}</span>}
      </div>
      {isDir && open && node.children && node.children.length > 0 && (
        <ul role="group">
          {node.children.map((child) => (
            <TreeNode key={child.path} node={child} depth={depth + 1} ignoreName={ignoreName} />
          ))}
        </ul>
      )}
    </li>
  )
}

/** The build context: which folder, what will be sent and how big it is. */
export function ContextPanel() {
  const contextDir = useDockerfile((s) => s.contextDir)
  const context = useDockerfile((s) => s.context)
  const error = useDockerfile((s) => s.contextError)
  const loading = useDockerfile((s) => s.contextLoading)
  const [showFiles, setShowFiles] = useState(false)
  const total = context
    ? `${formatBytes(context.totalBytes)} in ${context.sentFiles} ${context.sentFiles === 1 ? 'file' : 'files'} to send${context.ignoredFiles > 0 ? `, ${context.ignoredFiles} excluded by ${context.ignoreFile?.name ?? '.dockerignore'}` : ''}`
    : ''

  return (
    <section className="context-panel" aria-label="Build context">
      <div className="context-bar">
        <span className="context-label">Build context</span>
        {contextDir ? (
          <code className="context-path" title={contextDir}>
            {contextDir}
          </code>
        ) : (
          <span className="muted">none yet: save the Dockerfile or choose a folder</span>
        )}
        <button type="button" className="button small" onClick={() => void useDockerfile.getState().chooseContext()}>
          {contextDir ? 'Change context…' : 'Choose context…'}
        </button>
        {contextDir && (
          <button type="button" className="button small" disabled={loading} onClick={() => void useDockerfile.getState().refreshContext()}>
            Refresh
          </button>
        )}
        {context && (
          <>
            <span className="context-total" aria-live="polite" title={total}>
              {total}
            </span>
            <button type="button" className="button small" aria-expanded={showFiles} onClick={() => setShowFiles(!showFiles)}>
              {showFiles ? 'Hide files' : 'Show files'}
            </button>
          </>
        )}
      </div>
      {error && <p className="error-text context-error">{error}</p>}
      {context?.warnings.map((warning) => (
        <p key={warning} className="field-warning">
          {warning}
        </p>
      ))}
      {context?.truncated && <p className="field-warning">This folder has too many files to list them all; the total is complete. Sources of COPY are not checked.</p>}
      {context && showFiles && (
        <ul role="tree" aria-label="Files in the build context" className="context-tree">
          <TreeNode node={context.tree} depth={0} ignoreName={context.ignoreFile?.name ?? '.dockerignore'} />
        </ul>
      )}
    </section>
  )
}
