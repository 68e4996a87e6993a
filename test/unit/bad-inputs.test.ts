// Bad input that needs no Docker engine, row by row: each row gives the exact message the person sees
// (so a vague or changed message fails). The forms' validators are the pure functions the forms use;
// files and refused inputs go through the real main-side handlers (startMain) with no engine behind
// them, and every file under the fixture folder is the same before and after each row.
// The rows that need the engine are in test/integration/bad-inputs.test.ts.
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDockerfile } from '../../src/main/files/read'
import { writeDockerfile } from '../../src/main/files/save'
import { listTemplates } from '../../src/main/files/templates'
import { readForm, type RunForm } from '../../src/renderer/components/run/form'
import { parseBuildTags } from '../../src/shared/docker/build-tag'
import { containerNameProblem } from '../../src/shared/docker/container-name'
import { parsePortSpecs } from '../../src/shared/docker/ports'
import { validateReference } from '../../src/shared/docker/reference'
import { emptyRunOptions, type RunOptions } from '../../src/shared/docker/run-command'
import { lintDockerfile, parseDockerfile } from '../../src/shared/dockerfile'
import type { OpenedDockerfile } from '../../src/shared/ipc/channels/dockerfile'
import { canSwitchUser, runAsNobody, type ProbeResult } from '../support/faults/as-user'
import { filesSnapshot } from '../support/faults/files-snapshot'
import { NO_ENGINE, startMainUnderTest, type MainUnderTest } from '../support/faults/handlers'
import type { DialogAnswers } from '../support/scripted-dialogs'

interface Row {
  name: string
  /** Setup the row needs, before the "before" snapshot of the files. */
  prepare?: () => Promise<void>
  /** Does the bad thing; returns the message the person sees. */
  act: () => Promise<string> | string
  message: () => string
}

// ---------------------------------------------------------------------------
// The forms' validators: pure functions

function runForm(overrides: Partial<RunForm> = {}): RunForm {
  return {
    image: 'busybox',
    name: '',
    ports: [],
    publishAll: false,
    env: [],
    mounts: [],
    commandText: '',
    entrypointText: '',
    workingDir: '',
    user: '',
    restart: 'no',
    autoRemove: false,
    network: '',
    labels: [],
    ...overrides
  }
}

const portRow = (key: string, hostPortText: string, containerPort = 80) => ({ key, hostIp: '', hostPortText, containerPort, protocol: 'tcp' as const, exposed: false })

/** The run dialog's field error for one field; the form must also leave the bad value out of what it would run. */
function formError(form: RunForm, field: string, leftOut: (options: RunOptions) => boolean): string {
  const { options, errors } = readForm(form)
  expect(leftOut(options), `the form still sends the bad ${field}`).toBe(true)
  const message = (errors as Record<string, string | undefined>)[field]
  if (message === undefined) throw new Error(`the run form accepted ${field}: ${JSON.stringify(errors)}`)
  return message
}

function portSpecError(spec: string): string {
  const parsed = parsePortSpecs(spec)
  return parsed.ok ? 'accepted' : parsed.error
}

const validatorRows: Row[] = [
  {
    name: 'run form: host port 0',
    act: () => formError(runForm({ ports: [portRow('a', '0')] }), 'port:a', (o) => o.ports.length === 0),
    message: () => 'Host port 0 is out of range. Ports go from 1 to 65535.'
  },
  {
    name: 'run form: host port 65536',
    act: () => formError(runForm({ ports: [portRow('a', '65536')] }), 'port:a', (o) => o.ports.length === 0),
    message: () => 'Host port 65536 is out of range. Ports go from 1 to 65535.'
  },
  {
    name: 'run form: host port abc',
    act: () => formError(runForm({ ports: [portRow('a', 'abc')] }), 'port:a', (o) => o.ports.length === 0),
    message: () => 'Host port "abc" is not a number. Use a port from 1 to 65535, or leave it empty for a random free port.'
  },
  {
    name: 'run form: host port -1',
    act: () => formError(runForm({ ports: [portRow('a', '-1')] }), 'port:a', (o) => o.ports.length === 0),
    message: () => 'Host port "-1" is not a number. Use a port from 1 to 65535, or leave it empty for a random free port.'
  },
  {
    name: 'run form: the same host port twice',
    act: () => formError(runForm({ ports: [portRow('a', '8080', 80), portRow('b', '8080', 81)] }), 'port:b', () => true),
    message: () => 'Host port 8080/tcp is used twice (also for container port 80). Each host port can be published once per address; pick another.'
  },
  {
    name: 'run form: -p with too many colons',
    act: () => portSpecError('1.2.3.4:80:90:100'),
    message: () => 'Too many ":" in 1.2.3.4:80:90:100. Use hostPort:containerPort, or address:hostPort:containerPort.'
  },
  {
    name: 'run form: -p with an unknown protocol',
    act: () => portSpecError('8080:80/http'),
    message: () => 'Unknown protocol "http" in 8080:80/http. Use /tcp, /udp or /sctp.'
  },
  {
    name: 'run form: -p with ranges of different lengths',
    act: () => portSpecError('8000-8010:80-81'),
    message: () => 'The host range 8000-8010 and the container range 80-81 have different lengths. Give both the same number of ports, like 8000-8001:80-81.'
  },
  {
    name: 'run form: container name with /',
    act: () => formError(runForm({ name: 'my/app' }), 'name', (o) => o.name === ''),
    message: () => 'A container name cannot contain "/". That belongs in image names; use "-" or "_" instead.'
  },
  {
    name: 'run form: container name with a leading -',
    act: () => formError(runForm({ name: '-app' }), 'name', (o) => o.name === ''),
    message: () => 'A container name must start with a letter or a digit, not "-".'
  },
  {
    name: 'run form: container name with a space',
    act: () => formError(runForm({ name: 'my app' }), 'name', (o) => o.name === ''),
    message: () => 'A container name cannot contain spaces. Use "-" or "_" instead, like my-first-app.'
  },
  {
    name: 'run form: container name of 256 characters',
    act: () => containerNameProblem('a'.repeat(256)) ?? 'accepted',
    message: () => 'A container name can be at most 255 characters long.'
  },
  {
    name: 'run form: environment variable name with a space',
    act: () => formError(runForm({ env: [{ rowKey: 'e', key: 'MY VAR', value: '1' }] }), 'env:e', (o) => o.env.length === 0),
    message: () => 'A variable name cannot contain "=" or spaces.'
  },
  {
    name: 'run form: relative host folder for a bind mount',
    act: () => formError(runForm({ mounts: [{ rowKey: 'm', type: 'bind', source: 'data', target: '/data', readOnly: false }] }), 'mount:m', (o) => o.mounts.length === 0),
    message: () => 'The host folder must be an absolute path; use "Choose folder".'
  },
  {
    name: 'run form: command with an unclosed quote',
    act: () => formError(runForm({ commandText: "echo 'hello" }), 'command', (o) => o.command === null),
    message: () => "A single quote (') is not closed."
  },
  {
    name: 'run form: relative working directory',
    act: () => formError(runForm({ workingDir: 'app' }), 'workingDir', (o) => o.workingDir === ''),
    message: () => 'The working directory must be an absolute path, like /app.'
  },
  {
    name: 'build dialog: tag with upper case',
    act: () => parseBuildTags('MyApp:1.0').errors[0] ?? 'accepted',
    message: () => 'Repository names must be lowercase: use myapp instead of MyApp.'
  },
  {
    name: 'build dialog: tag ::',
    act: () => parseBuildTags('::').errors[0] ?? 'accepted',
    message: () => 'A repository name may contain only lowercase letters, digits, ".", "_" and "-": ":" in ":" is not allowed.'
  },
  {
    name: 'build dialog: tag of 300 characters',
    act: () => parseBuildTags('a'.repeat(300)).errors[0] ?? 'accepted',
    message: () => 'An image name can be at most 255 characters (this one has 300).'
  },
  {
    name: 'tag dialog: name with a space',
    act: () => validateReference('my app:1.0', { allowDigest: false }) ?? 'accepted',
    message: () => 'An image name may not contain spaces: use "-" or "_" instead.'
  },
  {
    name: 'editor: COPY from outside the build context',
    act: () => {
      const diagnostics = lintDockerfile(parseDockerfile('FROM busybox\nCOPY ../secret.txt /app/\n'), { files: ['Dockerfile'] })
      return diagnostics.find((d) => d.rule === 'copy-source-missing')?.message ?? 'no diagnostic'
    },
    message: () => '../secret.txt is outside the build context: COPY can only read files inside the context folder. Move the file into it, or choose a larger build context.'
  }
]

describe('bad inputs in the forms: exact messages', () => {
  it('has a row for each validator message', () => {
    expect(validatorRows.length).toBeGreaterThanOrEqual(20)
  })

  for (const row of validatorRows) {
    it(row.name, async () => {
      expect(await row.act()).toBe(row.message())
    })
  }
})

// ---------------------------------------------------------------------------
// Files and refused inputs, through the channels, with no engine

let dir: string
let main: MainUnderTest
const file = (...parts: string[]) => path.join(dir, ...parts)

async function refused(wire: string, input: unknown, answers: DialogAnswers = {}): Promise<string> {
  return (await main.dialogs.answering(answers, () => main.refusal(wire, input))).message
}

/**
 * Runs `source` (an ES module whose default export gets `target`) as `nobody` when we are root (root passes
 * every permission check), else in this process; returns the message of the error it must end with.
 */
async function failsUnprivileged(target: string, operation: 'readDockerfile' | 'writeDockerfile' | 'readEnvFile'): Promise<string> {
  const modules = { readDockerfile: 'src/main/files/read', writeDockerfile: 'src/main/files/save', readEnvFile: 'src/main/files/env-file' }
  const call = operation === 'writeDockerfile' ? `${operation}(target, 'FROM scratch\\n', false)` : `${operation}(target)`
  if (canSwitchUser()) {
    const script = [
      `import { ${operation} } from './${modules[operation]}'`,
      'const target = process.argv[2]',
      `Promise.resolve().then(() => ${call}).then(`,
      '  () => process.stdout.write(JSON.stringify({ ok: true })),',
      '  (error) => process.stdout.write(JSON.stringify({ ok: false, code: error.code, message: error.message }))',
      ')'
    ].join('\n')
    const result = await runAsNobody<ProbeResult>({ script }, [target])
    if (result.ok) throw new Error(`${operation} ${target} succeeded as nobody`)
    return result.message
  }
  const { readEnvFile } = await import('../../src/main/files/env-file')
  const attempt = operation === 'readDockerfile' ? readDockerfile(target) : operation === 'writeDockerfile' ? writeDockerfile(target, 'FROM scratch\n', false) : readEnvFile(target)
  return attempt.then(
    () => {
      throw new Error(`${operation} ${target} succeeded`)
    },
    (error: unknown) => (error as Error).message
  )
}

function runOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return { ...emptyRunOptions('busybox'), ...overrides }
}

const channelRows: Row[] = [
  // Refused by the contract's schema before any handler runs
  {
    name: 'containers.run: host port 0 is refused before the handler runs',
    act: () => refused('containers.run', { options: runOptions({ ports: [{ hostIp: '', hostPort: 0, containerPort: 80, protocol: 'tcp' }] }) }),
    message: () => 'Invalid input for containers.run: options.ports.0.hostPort: Too small: expected number to be >=1'
  },
  {
    name: 'containers.checkPorts: host port 65536 is refused before the handler runs',
    act: () => refused('containers.checkPorts', { ports: [{ hostIp: '', hostPort: 65536, containerPort: 80, protocol: 'tcp' }] }),
    message: () => 'Invalid input for containers.checkPorts: ports.0.hostPort: Too big: expected number to be <=65535'
  },
  {
    name: 'app.openExternal: a file: URL',
    act: () => refused('app.openExternal', { url: 'file:///etc/passwd' }),
    message: () => 'Slipway only opens http(s) links to ports your containers publish on this machine; refused file:///etc/passwd.'
  },

  // Errors by layer: a file error says what the file is, never that the engine is down
  {
    name: 'containers.importEnvFile: a file that does not exist',
    act: () => refused('containers.importEnvFile', {}, { openFile: () => file('gone.env') }),
    message: () => `${file('gone.env')} does not exist any more. It may have been moved, renamed or deleted; open it from its new place.`
  },
  {
    name: 'containers.importEnvFile: a file nobody may read (as an unprivileged user)',
    act: () => failsUnprivileged(file('locked.env'), 'readEnvFile'),
    message: () => `You do not have permission to read ${file('locked.env')}. Check the file's permissions, or copy it somewhere you can read.`
  },
  {
    name: 'containers.importEnvFile: a folder',
    act: () => refused('containers.importEnvFile', {}, { openFile: () => file('ctx') }),
    message: () => 'ctx is a folder, not a file. Pick the .env file inside it.'
  },
  {
    name: 'containers.importEnvFile: a file without variables',
    act: () => refused('containers.importEnvFile', {}, { openFile: () => file('empty.env') }),
    message: () => 'empty.env has no variables. Each line should look like NAME=value.'
  },
  {
    name: 'containers.importEnvFile: a 2 MB file',
    act: () => refused('containers.importEnvFile', {}, { openFile: () => file('huge.env') }),
    message: () => 'huge.env is 2048 KB; a .env file for Slipway can be at most 1 MB.'
  },
  {
    name: 'templates: the templates folder is missing',
    act: () => listTemplates(file('no-templates')).then(() => 'listed', (error: Error) => error.message),
    message: () => `The Dockerfile templates folder ${file('no-templates')} is missing, so there are no templates to show. Reinstall Slipway to get it back.`
  },
  {
    name: 'containers.list: no engine',
    act: () => refused('containers.list', { all: true }),
    message: () => 'Not connected to a Docker engine. Slipway reconnects by itself; see the status bar for what was tried.'
  },

  // Dockerfile open and save
  {
    name: 'dockerfile.open: a file that does not exist',
    act: () => refused('dockerfile.open', {}, { openFile: () => file('missing', 'Dockerfile') }),
    message: () => `${file('missing', 'Dockerfile')} does not exist any more. It may have been moved, renamed or deleted; open it from its new place.`
  },
  {
    name: 'dockerfile.open: a folder',
    act: () => refused('dockerfile.open', {}, { openFile: () => file('ctx') }),
    message: () => 'ctx is a folder, not a file. Pick the Dockerfile inside it.'
  },
  {
    name: 'dockerfile.open: a file nobody may read (as an unprivileged user)',
    act: () => failsUnprivileged(file('locked.Dockerfile'), 'readDockerfile'),
    message: () => `You do not have permission to read ${file('locked.Dockerfile')}. Check the file's permissions, or copy it somewhere you can read.`
  },
  {
    name: 'dockerfile.open: a link that points to itself',
    act: () => refused('dockerfile.open', {}, { openFile: () => file('loop.Dockerfile') }),
    message: () => `${file('loop.Dockerfile')} is a symbolic link that leads back to itself, so there is no file to open. Open the file it was meant to point to.`
  },
  {
    name: 'dockerfile.open: a 6 MB Dockerfile',
    act: () => refused('dockerfile.open', {}, { openFile: () => file('six-mb.Dockerfile') }),
    message: () => 'six-mb.Dockerfile is 6.0 MB; Slipway opens Dockerfiles up to 5.0 MB. A Dockerfile is usually a few kilobytes: check that this is the right file.'
  },
  {
    name: 'dockerfile.open: a Dockerfile one byte over 5 MB',
    act: () => refused('dockerfile.open', {}, { openFile: () => file('five-mb.Dockerfile') }),
    message: () => 'five-mb.Dockerfile is 5,242,881 bytes; Slipway opens Dockerfiles up to 5 MB (5,242,880 bytes). A Dockerfile is usually a few kilobytes: check that this is the right file.'
  },
  {
    name: 'dockerfile.open: a Dockerfile that is not UTF-8',
    act: () => refused('dockerfile.open', {}, { openFile: () => file('latin1.Dockerfile') }),
    message: () =>
      'latin1.Dockerfile is not UTF-8 text, so it cannot be shown without garbling it. Docker reads Dockerfiles as UTF-8: convert it (for example with iconv -t UTF-8) and open it again.'
  },
  {
    name: 'dockerfile.open: a binary file',
    act: () => refused('dockerfile.open', {}, { openFile: () => file('binary.Dockerfile') }),
    message: () => 'binary.Dockerfile looks like a binary file, not a Dockerfile (it contains NUL bytes). Open the text file named Dockerfile instead.'
  },
  {
    name: 'dockerfile.save: a file this session did not open',
    act: () => refused('dockerfile.save', { path: file('ctx', 'Dockerfile'), text: ['FROM scratch\n'], expected: null, bom: false }),
    message: () => `Slipway did not open ${file('ctx', 'Dockerfile')} in this session, so it will not write there. Use Save As to pick the file.`
  },
  {
    name: "dockerfile.save: the file's folder was deleted meanwhile",
    prepare: async () => {
      await mkdir(file('doomed'))
      await writeFile(file('doomed', 'Dockerfile'), 'FROM scratch\n')
      await main.dialogs.answering({ openFile: () => file('doomed', 'Dockerfile') }, () => main.value<OpenedDockerfile>('dockerfile.open', {}))
      await rm(file('doomed'), { recursive: true })
    },
    act: () => refused('dockerfile.save', { path: file('doomed', 'Dockerfile'), text: ['FROM scratch\nRUN true\n'], expected: null, bom: false }),
    message: () => `The folder of ${file('doomed', 'Dockerfile')} does not exist any more. Choose another place with Save As.`
  },
  {
    name: 'dockerfile.saveAs: a name that is an existing folder',
    act: () => refused('dockerfile.saveAs', { text: ['FROM scratch\n'], bom: false }, { saveFile: () => file('ctx') }),
    message: () => `${file('ctx')} is a folder. Save As again and give the Dockerfile a file name inside it, like ${file('ctx', 'Dockerfile')}.`
  },
  {
    name: 'dockerfile.save: a folder the user may not write to (as an unprivileged user)',
    act: () => failsUnprivileged(file('ctx', 'Dockerfile'), 'writeDockerfile'),
    message: () => `You do not have permission to write ${file('ctx', 'Dockerfile')}. Check the file's permissions, or save it somewhere else with Save As.`
  }
]

async function makeFiles(): Promise<void> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'slipway-bad-inputs-'))
  // `nobody` must reach the files the unprivileged rows use.
  await chmod(dir, 0o755)
  await mkdir(file('ctx'))
  await writeFile(file('ctx', 'Dockerfile'), 'FROM busybox\n')
  await writeFile(file('locked.Dockerfile'), 'FROM scratch\n')
  await chmod(file('locked.Dockerfile'), 0o000)
  await writeFile(file('locked.env'), 'A=1\n')
  await chmod(file('locked.env'), 0o000)
  await symlink('loop.Dockerfile', file('loop.Dockerfile'))
  await writeFile(file('six-mb.Dockerfile'), `FROM scratch\n# ${'x'.repeat(6 * 1024 * 1024)}\n`)
  await writeFile(file('five-mb.Dockerfile'), Buffer.alloc(5 * 1024 * 1024 + 1, 0x23))
  await writeFile(file('latin1.Dockerfile'), Buffer.from('FROM scratch\nLABEL auteur="Ren\xe9"\n', 'latin1'))
  await writeFile(file('binary.Dockerfile'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02]))
  await writeFile(file('empty.env'), '# nothing here\n\n')
  await writeFile(file('huge.env'), `A=${'x'.repeat(2 * 1024 * 1024)}\n`)
}

describe('bad inputs through the channels, with no engine: exact messages, no file changed', () => {
  beforeAll(async () => {
    await makeFiles()
    main = await startMainUnderTest(NO_ENGINE)
  })

  afterAll(async () => {
    await main?.dispose()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  for (const row of channelRows) {
    it(row.name, async () => {
      await row.prepare?.()
      const before = await filesSnapshot(dir)
      expect(await row.act()).toBe(row.message())
      expect(await filesSnapshot(dir), 'files changed').toEqual(before)
    }, 60_000)
  }

  it('saving a Dockerfile opened through a symbolic link writes the file it points to, and keeps the link', async () => {
    await mkdir(file('shared'))
    await writeFile(file('shared', 'Dockerfile'), 'FROM scratch\n')
    await mkdir(file('project'))
    await symlink(file('shared', 'Dockerfile'), file('project', 'Dockerfile'))
    const opened = await main.dialogs.answering({ openFile: () => file('project', 'Dockerfile') }, () => main.value<OpenedDockerfile>('dockerfile.open', {}))
    const saved = await main.value<{ status: string }>('dockerfile.save', { path: opened.path, text: ['FROM scratch\nLABEL saved=1\n'], expected: opened.stamp, bom: false })
    expect(saved.status).toBe('saved')
    expect((await lstat(file('project', 'Dockerfile'))).isSymbolicLink()).toBe(true)
    expect(await readFile(file('shared', 'Dockerfile'), 'utf8')).toBe('FROM scratch\nLABEL saved=1\n')
    expect(await readdir(file('project'))).toEqual(['Dockerfile'])
    expect(await readdir(file('shared'))).toEqual(['Dockerfile'])
  })
})
