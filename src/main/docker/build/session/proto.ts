// The protobuf messages a BuildKit session serves, written as protobufjs JSON
// descriptors (no .proto files to ship and find at run time). Field numbers follow
// BuildKit's session/*.proto, tonistiigi/fsutil types/{stat,wire}.proto and
// grpc.health.v1; the names are ours.
import type * as grpc from '@grpc/grpc-js'
import protobuf from 'protobufjs'

const bytesMessage = { fields: { data: { type: 'bytes', id: 1 } } }

// Map fields (`keyType`) are part of protobufjs' JSON format but not of its INamespace typings.
const root = protobuf.Root.fromJSON(<protobuf.INamespace>{
  nested: {
    fsutil: {
      nested: {
        types: {
          nested: {
            Stat: {
              fields: {
                path: { type: 'string', id: 1 },
                mode: { type: 'uint32', id: 2 },
                uid: { type: 'uint32', id: 3 },
                gid: { type: 'uint32', id: 4 },
                size: { type: 'int64', id: 5 },
                modTime: { type: 'int64', id: 6 },
                linkname: { type: 'string', id: 7 },
                devmajor: { type: 'int64', id: 8 },
                devminor: { type: 'int64', id: 9 },
                xattrs: { keyType: 'string', type: 'bytes', id: 10 }
              }
            },
            Packet: {
              fields: {
                type: { type: 'PacketType', id: 1 },
                stat: { type: 'Stat', id: 2 },
                ID: { type: 'uint32', id: 3 },
                data: { type: 'bytes', id: 4 }
              },
              nested: {
                PacketType: { values: { PACKET_STAT: 0, PACKET_REQ: 1, PACKET_DATA: 2, PACKET_FIN: 3, PACKET_ERR: 4 } }
              }
            }
          }
        }
      }
    },
    moby: {
      nested: {
        filesync: {
          nested: {
            v1: {
              nested: {
                CredentialsRequest: { fields: { Host: { type: 'string', id: 1 } } },
                CredentialsResponse: { fields: { Username: { type: 'string', id: 1 }, Secret: { type: 'string', id: 2 } } },
                FetchTokenRequest: {
                  fields: {
                    ClientID: { type: 'string', id: 1 },
                    Host: { type: 'string', id: 2 },
                    Realm: { type: 'string', id: 3 },
                    Service: { type: 'string', id: 4 },
                    Scopes: { rule: 'repeated', type: 'string', id: 5 }
                  }
                },
                FetchTokenResponse: { fields: { Token: { type: 'string', id: 1 }, ExpiresIn: { type: 'int64', id: 2 }, IssuedAt: { type: 'int64', id: 3 } } },
                GetTokenAuthorityRequest: { fields: { Host: { type: 'string', id: 1 }, Salt: { type: 'bytes', id: 2 } } },
                GetTokenAuthorityResponse: { fields: { PublicKey: { type: 'bytes', id: 1 } } },
                VerifyTokenAuthorityRequest: { fields: { Host: { type: 'string', id: 1 }, Payload: { type: 'bytes', id: 2 }, Salt: { type: 'bytes', id: 3 } } },
                VerifyTokenAuthorityResponse: { fields: { Signed: { type: 'bytes', id: 1 } } }
              }
            }
          }
        },
        buildkit: {
          nested: {
            secrets: {
              nested: {
                v1: {
                  nested: {
                    GetSecretRequest: { fields: { ID: { type: 'string', id: 1 }, annotations: { keyType: 'string', type: 'string', id: 2 } } },
                    GetSecretResponse: { fields: { data: { type: 'bytes', id: 1 } } }
                  }
                }
              }
            }
          }
        },
        sshforward: {
          nested: {
            v1: {
              nested: {
                BytesMessage: bytesMessage,
                CheckAgentRequest: { fields: { ID: { type: 'string', id: 1 } } },
                CheckAgentResponse: { fields: {} }
              }
            }
          }
        }
      }
    },
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
                HealthCheckResponse: { fields: { status: { type: 'int32', id: 1 } } }
              }
            }
          }
        }
      }
    }
  }
})

export const PacketType = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const

/** A 64-bit integer as protobufjs writes it (two's-complement halves). */
export interface Int64 {
  low: number
  high: number
  unsigned: boolean
}

export function int64(value: bigint | number): Int64 {
  const v = BigInt.asUintN(64, BigInt(value))
  return { low: Number(v & 0xffffffffn) | 0, high: Number(v >> 32n) | 0, unsigned: false }
}

/** fsutil's Stat: `mode` is a Go os.FileMode, `modTime` nanoseconds since the epoch. */
export interface FsStat {
  path: string
  mode: number
  uid: number
  gid: number
  size: Int64 | number
  modTime: Int64 | number
  linkname: string
  devmajor: Int64 | number
  devminor: Int64 | number
  xattrs?: Record<string, Uint8Array>
}

export interface Packet {
  /** PacketType; STAT is 0. */
  type?: number
  stat?: FsStat | null
  ID?: number
  data?: Uint8Array
}

/** A message type, encoded and decoded without protobufjs' object conversion (the transfer is a hot path). */
function codec<T>(name: string): { serialize: (value: T) => Buffer; deserialize: (bytes: Buffer) => T } {
  const type = root.lookupType(name)
  return {
    serialize: (value: T) => {
      const bytes = type.encode(value as protobuf.Message).finish()
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    },
    deserialize: (bytes: Buffer) => type.toObject(type.decode(bytes), { longs: String, defaults: true }) as T
  }
}

const isZero = (v: Int64 | number | string | undefined): boolean => v === undefined || v === 0 || v === '' || (typeof v === 'object' && v.low === 0 && v.high === 0)

/**
 * protobufjs writes every field that is present, zeros too; Go's proto3 leaves
 * defaults out. Leaving them out as Go does keeps each stat ~12 bytes shorter,
 * which is most of what a rebuild sends.
 */
function withoutDefaults(packet: Packet): Packet {
  const out: Packet = {} as Packet
  if (packet.type) out.type = packet.type
  if (packet.ID) out.ID = packet.ID
  if (packet.data && packet.data.length > 0) out.data = packet.data
  if (packet.stat) {
    const stat: Partial<FsStat> = { path: packet.stat.path }
    for (const key of ['mode', 'uid', 'gid', 'size', 'modTime', 'linkname', 'devmajor', 'devminor'] as const) {
      const value = packet.stat[key]
      if (!isZero(value)) (stat as Record<string, unknown>)[key] = value
    }
    if (packet.stat.xattrs && Object.keys(packet.stat.xattrs).length > 0) stat.xattrs = packet.stat.xattrs
    out.stat = stat as FsStat
  }
  return out
}

const packetMessages = codec<Packet>('fsutil.types.Packet')
export const packetCodec = {
  serialize: (packet: Packet) => packetMessages.serialize(withoutDefaults(packet)),
  deserialize: packetMessages.deserialize
}

/**
 * One gRPC method for @grpc/grpc-js. `path` is `/package.Service/Method`, as the
 * session announces it to the engine.
 */
export function method<Request, Response>(
  path: string,
  requestType: string,
  responseType: string,
  streams: { request?: boolean; response?: boolean } = {}
): grpc.MethodDefinition<Request, Response> {
  const request = requestType === 'fsutil.types.Packet' ? (packetCodec as unknown as ReturnType<typeof codec<Request>>) : codec<Request>(requestType)
  const response = responseType === 'fsutil.types.Packet' ? (packetCodec as unknown as ReturnType<typeof codec<Response>>) : codec<Response>(responseType)
  return {
    path,
    requestStream: streams.request ?? false,
    responseStream: streams.response ?? false,
    requestSerialize: request.serialize,
    requestDeserialize: request.deserialize,
    responseSerialize: response.serialize,
    responseDeserialize: response.deserialize
  }
}

/** What a session serves: a gRPC service and its handlers. */
export interface SessionService {
  definition: grpc.ServiceDefinition
  implementation: grpc.UntypedServiceImplementation
}
