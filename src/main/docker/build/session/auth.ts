// moby.filesync.v1.Auth: registry credentials for pulls during the build. Like the
// docker CLI without a token authority of its own, the session answers only
// Credentials; BuildKit then fetches registry tokens itself.
import * as grpc from '@grpc/grpc-js'
import { method, type SessionService } from './proto'

export interface RegistryCredentials {
  username: string
  /** Password or identity token. */
  secret: string
}

/** Credentials for a registry host (`docker.io` is `registry-1.docker.io`), or null for anonymous access. */
export type CredentialsLookup = (host: string) => Promise<RegistryCredentials | null> | RegistryCredentials | null

interface CredentialsRequest {
  Host: string
}

const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<never>): void =>
  callback({ code: grpc.status.UNIMPLEMENTED, details: 'not offered by this client' })

export function authService(lookup: CredentialsLookup = () => null): SessionService {
  return {
    definition: {
      Credentials: method('/moby.filesync.v1.Auth/Credentials', 'moby.filesync.v1.CredentialsRequest', 'moby.filesync.v1.CredentialsResponse'),
      FetchToken: method('/moby.filesync.v1.Auth/FetchToken', 'moby.filesync.v1.FetchTokenRequest', 'moby.filesync.v1.FetchTokenResponse'),
      GetTokenAuthority: method('/moby.filesync.v1.Auth/GetTokenAuthority', 'moby.filesync.v1.GetTokenAuthorityRequest', 'moby.filesync.v1.GetTokenAuthorityResponse'),
      VerifyTokenAuthority: method('/moby.filesync.v1.Auth/VerifyTokenAuthority', 'moby.filesync.v1.VerifyTokenAuthorityRequest', 'moby.filesync.v1.VerifyTokenAuthorityResponse')
    },
    implementation: {
      Credentials(call: grpc.ServerUnaryCall<CredentialsRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
        Promise.resolve()
          .then(() => lookup(call.request.Host))
          .then(
            (found) => callback(null, found ? { Username: found.username, Secret: found.secret } : {}),
            (error: unknown) => callback({ code: grpc.status.UNKNOWN, details: `Could not read the credentials for ${call.request.Host}: ${error instanceof Error ? error.message : String(error)}` })
          )
      },
      FetchToken: unimplemented,
      GetTokenAuthority: unimplemented,
      VerifyTokenAuthority: unimplemented
    }
  }
}
