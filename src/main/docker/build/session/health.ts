// grpc.health.v1.Health: BuildKit checks the session every few seconds and drops
// it after repeated failures, so every session serves this.
import { method, type SessionService } from './proto'

const SERVING = 1

export function healthService(): SessionService {
  return {
    definition: { Check: method('/grpc.health.v1.Health/Check', 'grpc.health.v1.HealthCheckRequest', 'grpc.health.v1.HealthCheckResponse') },
    implementation: {
      Check(_call: unknown, callback: (error: null, response: { status: number }) => void) {
        callback(null, { status: SERVING })
      }
    }
  }
}
