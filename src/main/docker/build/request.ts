// The build service's entrance: a build request is checked here, once, and what was learnt on the
// way (the parsed Dockerfile, its steps, its base images, the builder) goes down with it.
import { getStages, isInstructionKeyword, parseDockerfile, type DockerfileDocument } from '../../../shared/dockerfile'
import { checkBuildTag } from '../../../shared/docker/build-tag'
import { AppError } from '../../../shared/ipc/errors'
import type { BuilderKind, BuildRequest } from '../../../shared/ipc/channels/build'
import { planSteps, type StepPlan } from './steps'

export interface PreparedBuild {
  request: BuildRequest
  builder: BuilderKind
  doc: DockerfileDocument
  /** The steps up to the target stage. */
  plan: StepPlan
  /** Images the stages start from (not earlier stages, not `scratch`), for the "cannot pull" advice. */
  baseImages: string[]
  /** The tags as the engine will write them (`app` → `app:latest`). */
  tags: string[]
  /** The context folder was found to be a readable folder (checkContextDir), so the build need not look again. */
  contextChecked?: boolean
  /** `<Dockerfile>.dockerignore` may be read (the handler knows the folders the person picked); absent: only inside the context. */
  dockerfileDirReadable?: boolean
  /** Registry logins for the session's Auth service (BuildKit pulls base images with them); anonymous when absent. */
  credentials?: import('./session/auth').CredentialsLookup
}

function checkInstructions(doc: DockerfileDocument): void {
  let sawFrom = false
  for (const block of doc.blocks) {
    if (block.kind !== 'instruction' && block.kind !== 'raw') continue
    if (block.kind === 'raw') {
      const keyword = block.keyword ?? block.instructionText.split(/\s/)[0] ?? ''
      if (!isInstructionKeyword(keyword)) {
        throw new AppError('invalid-input', `Line ${block.instructionLine}: "${keyword}" is not a Dockerfile instruction. Fix the spelling (e.g. RUN, COPY, FROM) or remove the line.`)
      }
    }
    if (block.keyword === 'FROM') sawFrom = true
    else if (!sawFrom && block.keyword !== 'ARG') {
      throw new AppError('invalid-input', `Line ${block.instructionLine}: a Dockerfile must start with FROM (only ARG may come before it). Add a FROM line with the base image first.`)
    }
  }
  if (!sawFrom) throw new AppError('invalid-input', 'The Dockerfile has no FROM instruction. Start it with the base image, e.g. FROM python:3.12-slim.')
}

function checkBuilderOptions(request: BuildRequest, builder: BuilderKind): void {
  if (builder === 'buildkit') return
  if (request.secrets?.length) throw new AppError('invalid-input', 'Build secrets (--secret) need BuildKit; the classic builder cannot mount them. Build with BuildKit, or remove the secrets.')
  if (request.ssh) throw new AppError('invalid-input', 'Forwarding the ssh agent (--ssh default) needs BuildKit. Build with BuildKit, or turn ssh forwarding off.')
}

/**
 * Refuses what the engine would refuse, with a message that says what to change; `defaultBuilder` is
 * what a request without a builder uses (the engine's default, see builder-choice.ts).
 */
export function prepareBuild(request: BuildRequest, defaultBuilder: BuilderKind = 'buildkit'): PreparedBuild {
  if (request.tags.length === 0) throw new AppError('invalid-input', 'Give the image a tag, such as myname/myfirstapp:1.0, so you can find and run it afterwards.')
  const tags: string[] = []
  for (const tag of request.tags) {
    const check = checkBuildTag(tag)
    if (!check.ok) throw new AppError('invalid-input', check.message)
    tags.push(check.reference)
  }
  const builder = request.builder ?? defaultBuilder
  checkBuilderOptions(request, builder)
  const ids = new Set<string>()
  for (const secret of request.secrets ?? []) {
    if (ids.has(secret.id)) throw new AppError('invalid-input', `The secret id "${secret.id}" is given twice. Give each secret its own id.`)
    ids.add(secret.id)
  }
  const doc = parseDockerfile(request.dockerfileText)
  checkInstructions(doc)
  const stages = getStages(doc)
  if (request.target && !stages.some((s) => s.name?.toLowerCase() === request.target!.toLowerCase())) {
    throw new AppError('invalid-input', `There is no stage named "${request.target}" in this Dockerfile. Name a stage with FROM … AS ${request.target}, or pick one of the stages listed.`)
  }
  const stageNames = new Set(stages.flatMap((s) => (s.name ? [s.name.toLowerCase()] : [])))
  const baseImages = [...new Set(stages.map((s) => s.baseImage).filter((image) => image !== '' && image.toLowerCase() !== 'scratch' && !stageNames.has(image.toLowerCase())))]
  return { request, builder, doc, plan: planSteps(doc, request.target), baseImages, tags }
}

/** A request already prepared is passed through; a bare one is prepared here (tests and the bench call runBuild directly). */
export function asPrepared(build: PreparedBuild | BuildRequest): PreparedBuild {
  return 'plan' in build ? build : prepareBuild(build)
}
