// What `docker build` sends: the ignore-file rule per builder, the one walk (tree, totals, largest
// folders), the classic builder's tar, and .dockerignore edits. Everything else reads it from here.
export { checkContextDir } from './errors'
export { readIgnoreRule, dockerfileIgnorePath, DOCKERIGNORE, type IgnoreRule, type IgnoreRuleOptions } from './ignore-rule'
export { readIgnoreFile, type IgnoreFileRead } from './ignore-file'
export { walkContext, type ContextEntry, type WalkedContext, type WalkOptions } from './walk'
export { ignorePatternFor, largestFolders } from './folders'
export { packContext, type PackedContext } from './pack'
export { inspectContext, WARN_ABOVE_BYTES, type InspectOptions } from './inspect'
export { addPatternsToDockerignore } from './dockerignore-edit'
