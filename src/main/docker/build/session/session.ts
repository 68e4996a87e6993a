// A BuildKit session: `POST /session` upgraded to h2c, after which the engine is
// the gRPC client and we serve the session's services on the same socket. The
// headers name the session, its shared key and every method it serves, as
// BuildKit's session.Run sends them.
import { createHash, randomBytes } from 'node:crypto'
import os from 'node:os'
import type { Duplex } from 'node:stream'
import * as grpc from '@grpc/grpc-js'
import type Dockerode from 'dockerode'
import { AppError } from '../../../../shared/ipc/errors'
import { engineMessage } from '../../errors'
import { keepRepeatedHeadersApart } from './call-metadata'
import { healthService } from './health'
import type { SessionService } from './proto'

export interface SessionOptions {
  /** Shown by the engine (the CLI sends the context folder's name). */
  name: string
  /** Lets BuildKit find what this client sent last time; see sharedKeyFor. */
  sharedKey: string
  services: SessionService[]
}

export interface BuildSession {
  id: string
  /** `/package.Service/Method` of everything served. */
  methods: string[]
  /** Resolves when the connection to the engine is gone. */
  closed: Promise<void>
  close(): void
}

/**
 * The CLI's shared key: a hash of this machine and the context folder, so the next
 * build of the same folder sends only what changed, and another machine's does not.
 */
export function sharedKeyFor(contextDir: string, node: string = os.hostname()): string {
  return createHash('sha256').update(`${node}:${contextDir}`).digest('hex')
}

function dialSession(docker: Dockerode, headers: Record<string, string | string[]>): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/session',
        method: 'POST',
        hijack: true,
        headers,
        // An empty body with a length, not chunked: a chunked body's final empty chunk would reach the engine after the upgrade.
        file: Buffer.alloc(0),
        statusCodes: { 101: true, 200: true, 400: 'bad parameter', 404: 'not found', 500: 'server error' }
      } as never,
      (error: unknown, socket: unknown) => {
        if (error) return reject(error)
        if (!socket || typeof (socket as Duplex).pipe !== 'function') return reject(new Error('the engine answered without switching protocols'))
        resolve(socket as Duplex)
      }
    )
  })
}

/** Opens a session serving `services` (and the health check BuildKit watches). */
export async function openSession(docker: Dockerode, options: SessionOptions): Promise<BuildSession> {
  const id = randomBytes(16).toString('hex')
  const services = [healthService(), ...options.services]
  const methods = services.flatMap((s) => Object.values(s.definition).map((m) => m.path))
  let socket: Duplex
  try {
    socket = await dialSession(docker, {
      Upgrade: 'h2c',
      'X-Docker-Expose-Session-Uuid': id,
      'X-Docker-Expose-Session-Name': options.name,
      'X-Docker-Expose-Session-Sharedkey': options.sharedKey,
      'X-Docker-Expose-Session-Grpc-Method': methods
    })
  } catch (error) {
    throw new AppError(
      'engine-error',
      `The Docker engine did not open a BuildKit session (${engineMessage(error)}). BuildKit sessions need Docker Engine 18.09 (API 1.39) or later; build with the classic builder on this engine.`
    )
  }

  const server = new grpc.Server()
  for (const service of services) server.addService(service.definition, service.implementation)
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure())
  keepRepeatedHeadersApart(server)
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => resolve())
    socket.once('error', () => resolve())
  })
  injector.injectConnection(socket)

  let closing = false
  return {
    id,
    methods,
    closed,
    close() {
      if (closing) return
      closing = true
      injector.destroy()
      server.forceShutdown()
      socket.destroy()
    }
  }
}
