// moby.buildkit.secrets.v1.Secrets: what `RUN --mount=type=secret,id=…` reads,
// given per build as `--secret id=…,src=<file>` or `id=…,env=<variable>` would.
// Files and variables are read when BuildKit asks, never kept.
import { readFile } from 'node:fs/promises'
import * as grpc from '@grpc/grpc-js'
import { method, type SessionService } from './proto'

export type SecretSource = { file: string } | { env: string }

/** BuildKit refuses larger secrets (secretsprovider.MaxSecretSize). */
export const MAX_SECRET_SIZE = 500 * 1024

interface GetSecretRequest {
  ID: string
}

async function readSecret(id: string, source: SecretSource, env: NodeJS.ProcessEnv): Promise<Buffer> {
  if ('env' in source) {
    const value = env[source.env]
    if (value === undefined) throw new Error(`The secret "${id}" comes from the environment variable ${source.env}, which is not set.`)
    return Buffer.from(value)
  }
  try {
    return await readFile(source.file)
  } catch (error) {
    throw new Error(`The secret "${id}" could not be read from ${source.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`)
  }
}

export function secretsService(secrets: Record<string, SecretSource>, env: NodeJS.ProcessEnv = process.env): SessionService {
  return {
    definition: {
      GetSecret: method('/moby.buildkit.secrets.v1.Secrets/GetSecret', 'moby.buildkit.secrets.v1.GetSecretRequest', 'moby.buildkit.secrets.v1.GetSecretResponse')
    },
    implementation: {
      GetSecret(call: grpc.ServerUnaryCall<GetSecretRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
        const id = call.request.ID
        const source = Object.hasOwn(secrets, id) ? secrets[id] : undefined
        if (!source) return callback({ code: grpc.status.NOT_FOUND, details: `secret ${id} not found` })
        readSecret(id, source, env).then(
          (data) =>
            data.length > MAX_SECRET_SIZE
              ? callback({ code: grpc.status.INVALID_ARGUMENT, details: `The secret "${id}" is ${data.length} bytes; BuildKit takes at most ${MAX_SECRET_SIZE}.` })
              : callback(null, { data }),
          (error: Error) => callback({ code: grpc.status.UNKNOWN, details: error.message })
        )
      }
    }
  }
}
