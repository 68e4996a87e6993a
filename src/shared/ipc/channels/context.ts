// The build context channels: what `docker build` sends from a folder (one answer for the editor's
// listing, the COPY lint, the build dialog and the build), choosing the folder, and .dockerignore edits.
import { z } from 'zod'
import { channel } from '../define'
import type { HadolintConfig } from '../../dockerfile/lint/types'
import type { BuilderKind } from './build'

export interface ContextNode {
  name: string
  /** Relative to the context root, with `/`. */
  path: string
  type: 'file' | 'dir' | 'symlink'
  /** Bytes that will be sent: a file's size, or the sum over a folder's sent files. */
  size: number
  /** Excluded by the ignore file (a folder: nothing in it is sent). */
  ignored: boolean
  children?: ContextNode[]
}

export interface FolderSize {
  /** Relative to the build context, with `/`. */
  path: string
  /** The .dockerignore line that leaves out exactly this folder. */
  pattern: string
  bytes: number
  files: number
}

/** The ignore file whose patterns apply, for the builder that builds. */
export interface AppliedIgnoreFile {
  /** Full path. */
  path: string
  /** `.dockerignore`, or `<Dockerfile>.dockerignore` (BuildKit reads that one first; the classic builder never does). */
  name: string
}

/** What `docker build` sends from a folder, for one builder. */
export interface ContextInfo {
  root: string
  /** The builder whose ignore-file rule was applied. */
  builder: BuilderKind
  ignoreFile: AppliedIgnoreFile | null
  tree: ContextNode
  /** Bytes of file content that will be sent to the engine. */
  totalBytes: number
  sentFiles: number
  ignoredFiles: number
  /** Paths (relative, `/`) that will be sent; feeds the COPY/ADD-source lint rule. Empty when truncated. */
  files: string[]
  /** Paths that exist but are excluded by the ignore file. Empty when truncated. */
  ignored: string[]
  /** Too many files to list: the sizes are complete but `tree`, `files` and `ignored` are not. */
  truncated: boolean
  /** The largest folders (top two levels), biggest first. */
  largestFolders: FolderSize[]
  /** Above this size the build options warn (100 MB). */
  warnAboveBytes: number
  /** Notes that do not stop a build: an ignore file not read and why, links leading outside the context. */
  warnings: string[]
  /** The .hadolint.yaml next to the Dockerfile or in the context, for the editor's lint. */
  hadolint?: { path: string; config: HadolintConfig } | null
}

const folder = z.string().min(1).max(4096)

export const contextChannels = {
  /**
   * The build context as Docker will send it (honouring the ignore file that applies). `builder`
   * absent: the builder the connected engine builds with by default.
   */
  inspect: channel(
    z.object({ contextDir: folder, dockerfilePath: folder.nullable(), builder: z.enum(['classic', 'buildkit']).optional() }).strict()
  ).returns<ContextInfo>(),
  /** Picks a build context folder with the native dialog (and grants it); null when cancelled. */
  choose: channel(z.object({ defaultPath: folder.optional() }).strict()).returns<string | null>(),
  /** Adds lines to the context's .dockerignore (made when missing), when the person asked to. */
  addIgnore: channel(z.object({ contextDir: folder, patterns: z.array(z.string().min(1).max(1000)).min(1).max(100) }).strict()).returns<void>()
}
