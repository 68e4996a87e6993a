// Waste turned into advice on the instruction that made it: a RUN that leaves files a later layer deletes
// (clean up in the same RUN), a COPY of files a later layer deletes or that a build never needs (a
// .dockerignore line), two layers that write the same files (both copies ship).
import type { Finding, WastedPath } from '../../../../shared/ipc/channels/layers'
import { formatBytes } from '../../../../shared/format'
import type { LayerInstruction } from './layer-history'
import type { LayerEntry } from './layer-entries'

/** Folders a build context often carries by accident; a COPY of them is advice even when nothing deletes them. */
const CONTEXT_LITTER = ['.git', '__pycache__', '.pytest_cache', '.mypy_cache', '.DS_Store', '.idea', '.vscode']
const MAX_FINDINGS = 10

const describe = (index: number, step: LayerInstruction) => {
  const text = step.text.length > 60 ? `${step.text.slice(0, 57)}…` : step.text
  return `layer ${index + 1} (${step.instruction}${text ? ` ${text}` : ''})`
}

/** The deepest folder that holds every path (or the one path itself). */
export function commonFolder(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0]!
  let parts = paths[0]!.split('/')
  for (const path of paths.slice(1)) {
    const other = path.split('/')
    let same = 0
    while (same < parts.length && same < other.length - 1 && parts[same] === other[same]) same++
    parts = parts.slice(0, same)
  }
  return parts.join('/') || '/'
}

/** Where a COPY or ADD put its files: `COPY . /app` → `/app`; the classic builder's `COPY dir:… in /app`. */
export function copyDestination(step: LayerInstruction): string | null {
  if (step.instruction !== 'COPY' && step.instruction !== 'ADD') return null
  const classic = / in (\S+)\s*$/.exec(step.text)
  if (classic) return classic[1]!
  const words = step.text.split(/\s+/).filter((w) => w && !w.startsWith('--'))
  return words.length >= 2 ? words[words.length - 1]! : null
}

/** The .dockerignore line that leaves `path` out, given where the COPY put the context. */
function ignoreLine(path: string, destination: string | null): string {
  const dest = destination?.replace(/\/$/, '') ?? ''
  if (dest && dest !== '.' && path.startsWith(`${dest}/`)) return path.slice(dest.length + 1)
  return path.slice(path.lastIndexOf('/') + 1)
}

interface Group {
  first: number
  later: number
  removed: boolean
  bytes: number
  paths: string[]
}

export function adviseOnWaste(wasted: readonly WastedPath[], steps: readonly LayerInstruction[], layers: readonly (readonly LayerEntry[])[]): Finding[] {
  const groups = new Map<string, Group>()
  for (const path of wasted) {
    const list = [...path.layers].sort((a, b) => a.layer - b.layer)
    for (let i = 0; i + 1 < list.length; i++) {
      const [earlier, later] = [list[i]!, list[i + 1]!]
      if (earlier.size === 0 || earlier.layer === later.layer) continue
      const removed = later.change === 'removed'
      const key = `${earlier.layer}>${later.layer}>${removed}`
      const group = groups.get(key) ?? { first: earlier.layer, later: later.layer, removed, bytes: 0, paths: [] }
      group.bytes += earlier.size
      group.paths.push(path.path)
      groups.set(key, group)
    }
  }
  const findings: Finding[] = []
  for (const group of groups.values()) {
    const step = steps[group.first] ?? { instruction: '(unknown)', text: '', createdBy: '' }
    const folder = commonFolder(group.paths)
    const size = formatBytes(group.bytes)
    const later = describe(group.later, steps[group.later] ?? { instruction: '(unknown)', text: '', createdBy: '' })
    let message: string
    if (group.removed && copyDestination(step) !== null) {
      message = `${describe(group.first, step)} copies ${folder} (${size}) that ${later} deletes: leave it out of the build context with a .dockerignore line "${ignoreLine(folder, copyDestination(step))}" instead.`
    } else if (group.removed) {
      message = `${describe(group.first, step)} leaves ${folder} (${size}) that ${later} deletes: the deletion hides the files but every byte still ships. Clean up in the same ${step.instruction === 'RUN' ? 'RUN' : 'step'} that makes them.`
    } else {
      message = `${describe(group.first, step)} writes ${folder} (${size}) that ${later} writes again: both copies ship. Write it once, or in one RUN.`
    }
    findings.push({ layer: group.first, laterLayer: group.later, bytes: group.bytes, path: folder, message })
  }
  layers.forEach((entries, index) => {
    const step = steps[index]
    if (!step || copyDestination(step) === null) return
    const litter = new Map<string, number>()
    for (const entry of entries) {
      const parts = entry.path.split('/')
      const at = parts.findIndex((part) => CONTEXT_LITTER.includes(part))
      if (at < 0 || entry.whiteout) continue
      const folder = `/${parts.slice(0, at + 1).join('/')}`
      litter.set(folder, (litter.get(folder) ?? 0) + entry.size)
    }
    for (const [folder, bytes] of litter) {
      if (bytes === 0) continue
      findings.push({
        layer: index,
        laterLayer: null,
        bytes,
        path: folder,
        message: `${describe(index, step)} copies ${folder} (${formatBytes(bytes)}), which the image does not need: add "${ignoreLine(folder, copyDestination(step))}" to .dockerignore.`
      })
    }
  })
  return findings.sort((a, b) => b.bytes - a.bytes).slice(0, MAX_FINDINGS)
}
