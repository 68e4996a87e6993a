// moby.sshforward.v1.SSH: `RUN --mount=type=ssh` talks to the person's ssh agent
// through the session (`--ssh default` forwards $SSH_AUTH_SOCK).
import net from 'node:net'
import * as grpc from '@grpc/grpc-js'
import { metadataValues } from './call-metadata'
import { method, type SessionService } from './proto'

export const DEFAULT_SSH_ID = 'default'

interface BytesMessage {
  data?: Uint8Array
}

/** Agent id → the agent's socket; `{ default: process.env.SSH_AUTH_SOCK }` for `--ssh default`. */
export function sshForwardService(agents: Record<string, string>): SessionService {
  const socketFor = (id: string): string | undefined => (Object.hasOwn(agents, id) ? agents[id] : undefined)
  return {
    definition: {
      CheckAgent: method('/moby.sshforward.v1.SSH/CheckAgent', 'moby.sshforward.v1.CheckAgentRequest', 'moby.sshforward.v1.CheckAgentResponse'),
      ForwardAgent: method('/moby.sshforward.v1.SSH/ForwardAgent', 'moby.sshforward.v1.BytesMessage', 'moby.sshforward.v1.BytesMessage', { request: true, response: true })
    },
    implementation: {
      CheckAgent(call: grpc.ServerUnaryCall<{ ID: string }, unknown>, callback: grpc.sendUnaryData<unknown>) {
        const id = call.request.ID || DEFAULT_SSH_ID
        if (!socketFor(id)) return callback({ code: grpc.status.NOT_FOUND, details: `unset ssh forward key ${id}` })
        callback(null, {})
      },
      ForwardAgent(call: grpc.ServerDuplexStream<BytesMessage, BytesMessage>) {
        const id = metadataValues(call.metadata, 'buildkit.ssh.id')[0] || DEFAULT_SSH_ID
        const socketPath = socketFor(id)
        if (!socketPath) return void call.emit('error', { code: grpc.status.NOT_FOUND, details: `unset ssh forward key ${id}` })
        const agent = net.connect(socketPath)
        let ended = false
        const finish = (error?: Error): void => {
          if (ended) return
          ended = true
          agent.destroy()
          if (error) call.emit('error', { code: grpc.status.UNAVAILABLE, details: `failed to dial agent ${id}: ${error.message}` })
          else call.end()
        }
        agent.on('data', (chunk: Buffer) => {
          if (!call.write({ data: chunk })) agent.pause()
        })
        call.on('drain', () => agent.resume())
        agent.on('end', () => finish())
        agent.on('error', (error) => finish(error))
        call.on('data', (message: BytesMessage) => {
          if (message.data && message.data.length > 0) agent.write(message.data)
        })
        // BuildKit closing its side means no more requests; the agent may still answer.
        call.on('end', () => agent.end())
        call.on('cancelled', () => finish())
      }
    }
  }
}
