// TLS files as `dockerd --tlsverify` uses them, made with openssl: a CA, a server certificate for 127.0.0.1
// signed by it, and a client certificate signed by it (what DOCKER_CERT_PATH holds: ca.pem, cert.pem, key.pem).
import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface TlsFiles {
  ca: Buffer
  server: { cert: Buffer; key: Buffer }
  client: { cert: Buffer; key: Buffer }
}

/** Why TLS files cannot be made here, or null. */
export function tlsFilesSkipReason(): string | null {
  return spawnSync('openssl', ['version']).status === 0 ? null : 'openssl is not installed (Debian: openssl, a dependency of ca-certificates)'
}

function openssl(dir: string, args: string[]): void {
  const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${run.stderr}`)
}

export async function makeTlsFiles(dir: string): Promise<TlsFiles> {
  const days = ['-days', '2']
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', ...days, '-subj', '/CN=slipway test CA'])
  await writeFile(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
  await writeFile(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n')
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/CN=slipway test client']
  ] as const) {
    openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject])
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}.pem`, ...days, '-extfile', `${name}.ext`])
  }
  const read = (name: string) => readFile(path.join(dir, name))
  return {
    ca: await read('ca.pem'),
    server: { cert: await read('server.pem'), key: await read('server-key.pem') },
    client: { cert: await read('client.pem'), key: await read('client-key.pem') }
  }
}
