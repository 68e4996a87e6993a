// Registries: logins stored where and how the docker CLI stores them (config.json, credential helpers), push as
// an operation, and whether a newer image is on the registry for a pulled tag.
import { z } from 'zod'
import { channel, event } from '../define'
import type { ImageContainer } from './images'
import type { OperationSnapshot } from './operations'

/** Where a registry's credentials are: in config.json itself, or in a credential helper (and why that one). */
export type CredentialSource = { kind: 'file' } | { kind: 'helper'; helper: string; from: 'credHelpers' | 'credsStore' | 'detected' }

export interface RegistryLogin {
  /** The key as config.json and the helpers have it: `https://index.docker.io/v1/` for Docker Hub, else host[:port]. */
  registry: string
  username: string
  source: CredentialSource
}

export interface RegistriesList {
  /** The config.json read (DOCKER_CONFIG, or ~/.docker). */
  configFile: string
  logins: RegistryLogin[]
  /** Helpers that could not be listed, in words a person can act on. */
  problems: string[]
}

export interface LoginResult {
  registry: string
  username: string
  source: CredentialSource
  configFile: string
  /** Said when the password went into config.json (no credential helper configured), as `docker login` says it. */
  warning: string | null
}

export interface PushLayer {
  id: string
  /** Preparing, Waiting, Pushing, Pushed, Layer already exists, Mounted from …, … */
  status: string
  current: number
  total: number
}

export interface PushProgress {
  /** What is pushed, e.g. `localhost:5000/me/myfirstapp:latest`. */
  reference: string
  layers: PushLayer[]
  status: string
  /** The equivalent command. */
  command: string
}

export interface PushResult {
  reference: string
  /** The manifest digest the registry now has for the tag. */
  digest: string | null
}

export type UpdateState = 'up-to-date' | 'update-available' | 'unknown'

/** One pulled tag compared with its registry. */
export interface ImageUpdate {
  /** `repo:tag` as the image list shows it. */
  reference: string
  imageId: string
  /** The digests the image was pulled by (RepoDigests of this repository). */
  localDigests: string[]
  /** The digest the registry has for the tag now, or null when it could not be read. */
  remoteDigest: string | null
  state: UpdateState
  /** Why the state is unknown (registry unreachable, login needed, …). */
  message: string | null
  /** Containers made from this (older) image, to recreate once the new one is pulled. */
  containers: ImageContainer[]
  /** Epoch milliseconds. */
  checkedAt: number
}

const registry = z.string().max(300)
const ref = z.string().min(1).max(512)

export const registriesChannels = {
  /** Which registries have credentials, and where they are kept. */
  list: channel(z.object({}).strict().optional()).returns<RegistriesList>(),
  /**
   * `docker login`: the engine checks the credentials with the registry (basic or token auth), then they are
   * stored as the CLI stores them. The password is never sent back, logged or kept.
   */
  login: channel(z.object({ registry, username: z.string().min(1).max(1000), password: z.string().min(1).max(100_000) }).strict()).returns<LoginResult>(),
  /** `docker logout`: erases the registry's credentials where they are stored. */
  logout: channel(z.object({ registry }).strict()).returns<{ registry: string; source: CredentialSource }>(),
  /**
   * `docker push` as an operation, with the registry's stored credentials. With `source`, the image is first
   * tagged `reference` (`docker tag source reference`), as "Push to…" does.
   */
  push: channel(z.object({ reference: ref, source: ref.optional() }).strict()).returns<OperationSnapshot<'push'>>(),
  /** Compares pulled tags (all with RepoDigests when none are named) with their registries now. */
  checkUpdates: channel(z.object({ references: z.array(ref).max(1000).optional() }).strict()).returns<ImageUpdate[]>(),
  /** The last results, without asking any registry. */
  updates: channel(z.object({}).strict().optional()).returns<ImageUpdate[]>()
}

export const registriesEvents = {
  /** New results of an update check (on request or in the background). */
  imageUpdates: event<ImageUpdate[]>()
}
