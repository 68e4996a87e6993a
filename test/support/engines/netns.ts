// A named network namespace for one engine: its own loopback (published ports on 127.0.0.1), its own
// iptables/nftables rules (no clash with a daemon in the host namespace), and a veth pair with NAT on
// the host so containers still reach Debian's mirror.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

export interface NetworkNamespace {
  name: string
  /** `/run/netns/<name>`, for nsenter --net= */
  path: string
}

interface Plan {
  name: string
  hostVeth: string
  nsVeth: string
  subnet: string
  hostAddress: string
  nsAddress: string
}

/** `subnetIndex` picks 10.213.<index>.0/30; each engine has its own, so two can run at once. */
function plan(name: string, subnetIndex: number): Plan {
  // Interface names are limited to 15 characters.
  const short = name.replace(/[^a-zA-Z0-9]/g, '').slice(-10)
  return {
    name,
    hostVeth: `${short}-h`,
    nsVeth: `${short}-n`,
    subnet: `10.213.${subnetIndex}.0/30`,
    hostAddress: `10.213.${subnetIndex}.1`,
    nsAddress: `10.213.${subnetIndex}.2`
  }
}

function sh(command: string, args: string[], allowFailure = false): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0 && !allowFailure) {
    throw new Error(`${command} ${args.join(' ')} failed: ${(result.stderr || String(result.error ?? '')).trim()}`)
  }
  return result.stdout ?? ''
}

function hostRules(p: Plan): string[][] {
  return [
    ['-t', 'nat', 'POSTROUTING', '-s', p.subnet, '-j', 'MASQUERADE'],
    ['-t', 'filter', 'FORWARD', '-i', p.hostVeth, '-j', 'ACCEPT'],
    ['-t', 'filter', 'FORWARD', '-o', p.hostVeth, '-j', 'ACCEPT']
  ]
}

/** Creates the namespace (removing a leftover of the same name first). */
export function createNetworkNamespace(name: string, subnetIndex: number): NetworkNamespace {
  deleteNetworkNamespace(name, subnetIndex)
  const p = plan(name, subnetIndex)
  sh('ip', ['netns', 'add', name])
  try {
    sh('ip', ['link', 'add', p.hostVeth, 'type', 'veth', 'peer', 'name', p.nsVeth])
    sh('ip', ['link', 'set', p.nsVeth, 'netns', name])
    sh('ip', ['addr', 'add', `${p.hostAddress}/30`, 'dev', p.hostVeth])
    sh('ip', ['link', 'set', p.hostVeth, 'up'])
    sh('ip', ['-n', name, 'link', 'set', 'lo', 'up'])
    sh('ip', ['-n', name, 'addr', 'add', `${p.nsAddress}/30`, 'dev', p.nsVeth])
    sh('ip', ['-n', name, 'link', 'set', p.nsVeth, 'up'])
    sh('ip', ['-n', name, 'route', 'add', 'default', 'via', p.hostAddress])
    // Inserted first in FORWARD: a host Docker's policy there is DROP.
    for (const [, table, chain, ...rule] of hostRules(p)) {
      sh('iptables', ['-w', '-t', table!, chain === 'FORWARD' ? '-I' : '-A', chain!, ...rule])
    }
    if (readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim() !== '1') writeFileSync('/proc/sys/net/ipv4/ip_forward', '1\n')
  } catch (error) {
    deleteNetworkNamespace(name, subnetIndex)
    throw error
  }
  return { name, path: `/run/netns/${name}` }
}

/** Removes the namespace, its veth pair and the host's NAT rules; quiet about parts already gone. */
export function deleteNetworkNamespace(name: string, subnetIndex: number): void {
  const p = plan(name, subnetIndex)
  for (const [, table, chain, ...rule] of hostRules(p)) {
    // -C: delete only while the rule is there (once per copy).
    while (spawnSync('iptables', ['-w', '-t', table!, '-C', chain!, ...rule], { stdio: 'ignore' }).status === 0) {
      sh('iptables', ['-w', '-t', table!, '-D', chain!, ...rule], true)
    }
  }
  if (existsSync(`/sys/class/net/${p.hostVeth}`)) sh('ip', ['link', 'del', p.hostVeth], true)
  if (existsSync(`/run/netns/${name}`)) sh('ip', ['netns', 'del', name], true)
}
