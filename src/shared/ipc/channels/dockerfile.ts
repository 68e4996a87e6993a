// The dockerfile channels: open, save, templates and drafts (the build context is channels/context.ts).
import { z } from 'zod'
import { channel } from '../define'

/** What a file looked like on disk when we read or wrote it, to notice changes made by others. */
export interface FileStamp {
  mtimeMs: number
  size: number
  /** SHA-256 of the bytes, hex. */
  hash: string
}

export interface OpenedDockerfile {
  path: string
  text: string
  stamp: FileStamp
  /** The file started with a UTF-8 byte order mark; saving writes it back. */
  bom: boolean
}

export type SaveResult =
  | { status: 'saved'; path: string; stamp: FileStamp }
  /** The person cancelled (the dialog, or the "changed on disk" question). */
  | { status: 'cancelled' }

export interface TemplateInfo {
  id: string
  name: string
  description: string
  /** Files the template writes, relative to the chosen folder; the first is the Dockerfile. */
  files: string[]
  /** False for "Empty": it starts an untitled document without writing files. */
  needsFolder: boolean
}

export interface Draft {
  text: string
  filePath: string | null
  contextDir: string | null
  stamp: FileStamp | null
  bom: boolean
  /** Epoch milliseconds. */
  savedAt: number
}

export type UnsavedChoice = 'save' | 'discard' | 'cancel'

/** Dockerfile text travels in chunks: each IPC string is capped at 1,000,000 characters, files at 5 MB. */
export const TEXT_CHUNK = 1_000_000
export const MAX_DOCKERFILE_BYTES = 5 * 1024 * 1024

const textChunks = z.array(z.string().max(TEXT_CHUNK)).max(6)
const filePath = z.string().min(1).max(4096)
const stamp = z
  .object({ mtimeMs: z.number().finite(), size: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) })
  .strict()

export function toChunks(text: string): string[] {
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += TEXT_CHUNK) chunks.push(text.slice(i, i + TEXT_CHUNK))
  return chunks
}

export function fromChunks(chunks: readonly string[]): string {
  return chunks.join('')
}

const none = z.object({}).strict().optional()

export const dockerfileChannels = {
  /** Asks for a Dockerfile with the open dialog and reads it; null when cancelled. */
  open: channel(z.object({ defaultPath: filePath.optional() }).strict()).returns<OpenedDockerfile | null>(),
  /**
   * Saves to a file this session opened or saved (never an arbitrary path). When the file changed on
   * disk since `expected`, asks before overwriting.
   */
  save: channel(
    z.object({ path: filePath, text: textChunks, expected: stamp.nullable(), bom: z.boolean() }).strict()
  ).returns<SaveResult>(),
  /** Asks where with the save dialog, then saves. */
  saveAs: channel(z.object({ text: textChunks, defaultPath: filePath.optional(), bom: z.boolean() }).strict()).returns<SaveResult>(),
  listTemplates: channel(none).returns<TemplateInfo[]>(),
  /** Writes a template's files into a folder the person picks; null when cancelled. */
  createFromTemplate: channel(z.object({ id: z.string().min(1).max(100).regex(/^[a-z0-9-]+$/) }).strict()).returns<OpenedDockerfile | null>(),
  /** Asks what to do with unsaved changes before `action`. */
  confirmUnsaved: channel(
    z.object({ action: z.enum(['open', 'new', 'restore']), fileName: z.string().max(1000).nullable() }).strict()
  ).returns<UnsavedChoice>(),
  saveDraft: channel(
    z
      .object({
        text: textChunks,
        filePath: filePath.nullable(),
        contextDir: filePath.nullable(),
        stamp: stamp.nullable(),
        bom: z.boolean()
      })
      .strict()
  ).returns<{ savedAt: number }>(),
  loadDraft: channel(none).returns<Draft | null>(),
  clearDraft: channel(none).returns<void>()
}
