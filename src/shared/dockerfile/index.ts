export * from './types'
export { parseDockerfile } from './parse'
export { serializeDockerfile } from './serialize'
export { reparseDockerfile } from './document'
export { renderInstruction, defaultArgs } from './render'
export { splitImageReference } from './args'
export {
  updateInstruction,
  setBlockText,
  insertInstruction,
  removeBlock,
  duplicateBlock,
  moveBlock,
  moveInstruction,
  findBlock,
  type InsertPosition
} from './edit'
export { getStages, getArgs } from './stages'
export { instructionHelp, type InstructionHelp } from './help'
export {
  lintDockerfile,
  prepareForEdits,
  applyFix,
  addSuppression,
  suppressionChoices,
  buildkitCheckUrl,
  type SuppressionChoice,
  type SuppressionForm,
  type Diagnostic,
  type DiagnosticData,
  type HadolintConfig,
  type Fix,
  type FixEdit,
  type LintContext,
  type Severity
} from './lint'
