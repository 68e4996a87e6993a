// The answer to "what does `docker build` send from this folder": what the editor lists, the COPY
// lint checks against, and the build dialog measures.
import type { BuilderKind } from '../../../../shared/ipc/channels/build'
import type { ContextInfo } from '../../../../shared/ipc/channels/context'
import { readHadolintConfig } from '../../../files/hadolint-config'
import { largestFolders } from './folders'
import { walkContext } from './walk'

/** Above this the build dialog warns and offers to leave the largest folders out. */
export const WARN_ABOVE_BYTES = 100 * 1000 * 1000

export interface InspectOptions {
  builder: BuilderKind
  dockerfilePath: string | null
  /** See IgnoreRuleOptions.dockerfileDirReadable. */
  dockerfileDirReadable: boolean
  maxListed?: number
}

export async function inspectContext(contextDir: string, options: InspectOptions): Promise<ContextInfo> {
  const [walked, hadolint] = await Promise.all([walkContext(contextDir, { ...options, tree: true }), readHadolintConfig(options.dockerfilePath, contextDir)])
  return {
    root: walked.contextDir,
    builder: options.builder,
    ignoreFile: walked.rule.applied,
    tree: walked.tree!,
    totalBytes: walked.bytes,
    sentFiles: walked.files,
    ignoredFiles: walked.ignoredFiles,
    files: walked.sentPaths,
    ignored: walked.ignoredPaths,
    truncated: walked.truncated,
    largestFolders: largestFolders(walked),
    warnAboveBytes: WARN_ABOVE_BYTES,
    warnings: hadolint?.problem ? [...walked.warnings, hadolint.problem] : walked.warnings,
    hadolint: hadolint && { path: hadolint.path, config: hadolint.config }
  }
}
