// A local mirror of Electron's releases on 127.0.0.1, serving a stand-in Electron, for Electron's
// own installer (it honours ELECTRON_MIRROR): the real binary comes from outside the package registry.
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32 } from 'node:zlib'

export interface ZipEntry {
  name: string
  data: Buffer
  mode: number
}

/**
 * A zip archive with the entries stored (not compressed), carrying Unix file modes so an
 * executable stays executable. No zip writer is among the project's packages, and this
 * fixture needs only the format's three fixed records (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16).
 */
export function storedZip(entries: ZipEntry[]): Buffer {
  const DOS_DATE_1980_01_01 = (1 << 5) | 1
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name)
    const crc = crc32(entry.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0
    local.writeUInt16LE(0, 8) // method: stored
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(entry.data.length, 18)
    local.writeUInt32LE(entry.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, entry.data)

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, so the external attributes hold the mode
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0, 10)
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(entry.data.length, 20)
    central.writeUInt32LE(entry.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += local.length + name.length + entry.data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/**
 * Electron's release zip for this platform with a stand-in for the binary: a shell script that
 * writes how it was started (its path, its working directory, then one argument a line) to the
 * file named by SLIPWAY_STAND_IN_RECORD, and exits 0.
 */
export function standInElectronZip(version: string): Buffer {
  const script = '#!/bin/sh\n{ echo "$0"; pwd; for a in "$@"; do echo "$a"; done; } > "$SLIPWAY_STAND_IN_RECORD"\n'
  return storedZip([
    { name: 'electron', data: Buffer.from(script), mode: 0o755 },
    { name: 'version', data: Buffer.from(version), mode: 0o644 },
    { name: 'LICENSE', data: Buffer.from('stand-in for tests'), mode: 0o644 }
  ])
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

export interface ElectronMirror {
  /** The value for ELECTRON_MIRROR (ends with a slash, as @electron/get joins it with "v<version>/"). */
  url: string
  /** Paths asked for, in order. */
  requests: string[]
  close(): Promise<void>
}

/** Serves the given files (path without leading slash → content); anything else is a 404. */
export async function startElectronMirror(files: Record<string, Buffer | string>): Promise<ElectronMirror> {
  const requests: string[] = []
  const server = http.createServer((request, response) => {
    const requestPath = decodeURIComponent(new URL(request.url ?? '/', 'http://mirror').pathname).replace(/^\//, '')
    requests.push(requestPath)
    const body = files[requestPath]
    if (body === undefined) {
      response.writeHead(404, 'Not Found').end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(body) })
    response.end(request.method === 'HEAD' ? undefined : body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
