import type { ArgInfo, DockerfileDocument, Stage } from './types'

/** The build stages, each with the blocks from its FROM up to the next FROM (the build's target list). */
export function getStages(doc: DockerfileDocument): Stage[] {
  const stages: Stage[] = []
  let current: Stage | undefined
  for (const block of doc.blocks) {
    const isFrom = (block.kind === 'instruction' || block.kind === 'raw') && block.keyword === 'FROM'
    if (isFrom) {
      const from = block.kind === 'instruction' && block.keyword === 'FROM' ? block.args : undefined
      current = {
        index: stages.length,
        ...(from?.stageName !== undefined ? { name: from.stageName } : {}),
        baseImage: from ? `${from.image}${from.tag ? `:${from.tag}` : ''}${from.digest ? `@${from.digest}` : ''}` : '',
        blockIds: []
      }
      stages.push(current)
    }
    current?.blockIds.push(block.id)
  }
  return stages
}

/** Every ARG with its default; stageIndex -1 marks those before the first FROM. */
export function getArgs(doc: DockerfileDocument): ArgInfo[] {
  const args: ArgInfo[] = []
  for (const block of doc.blocks) {
    if (block.kind !== 'instruction' || block.keyword !== 'ARG') continue
    for (const declaration of [block.args, ...(block.args.more ?? [])]) {
      args.push({
        name: declaration.name,
        ...(declaration.defaultValue !== undefined ? { defaultValue: declaration.defaultValue } : {}),
        stageIndex: block.stageIndex,
        blockId: block.id,
        line: block.instructionLine
      })
    }
  }
  return args
}
