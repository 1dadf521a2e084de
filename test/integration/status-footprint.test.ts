// What `status` loads, and its output through every kind of stdout. It runs in a few ms over a
// bare Node start, so it must not pay for Node's stream modules (pipes, files and /dev/null get
// write(2)), the other commands (dist/commands.cjs) or any third-party package.

import { spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-footprint-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const h = path.join(root, 'home')
mkdirSync(path.join(h, '.aws', 'sso', 'cache'), { recursive: true })
let config = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n'
// Well over a pipe's 64 KiB of output, so writes really wait for the reader.
for (let i = 0; i < 1500; i++) config += `[profile p${i}]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
writeFileSync(path.join(h, '.aws', 'config'), config)
writeFileSync(
  path.join(h, '.aws', 'sso', 'cache', `${cacheKey('corp')}.json`),
  JSON.stringify({ accessToken: 'a', expiresAt: new Date(Date.now() + 3 * 3600_000).toISOString() }),
)

// Loaded before the CLI: at exit, records which of Node's modules and which files were loaded.
const probe = path.join(root, 'probe.cjs')
writeFileSync(
  probe,
  `process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify({
  builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)),
  files: Object.keys(require.cache),
})))`,
)

interface Footprint {
  builtins: string[]
  files: string[]
}

function run(stdout: 'pipe' | 'ignore' | number, extraEnv: Record<string, string> = {}): { out: string; footprint: Footprint; code: number | null } {
  const out = path.join(root, `probe-${Math.random().toString(36).slice(2)}.json`)
  const r = spawnSync(process.execPath, ['-r', probe, CLI, 'status', '--json'], {
    env: { PATH: process.env.PATH ?? '', HOME: h, PROBE_OUT: out, ...extraEnv },
    stdio: ['ignore', stdout, 'pipe'],
    encoding: 'utf8',
  })
  expect(r.stderr).toBe('')
  return { out: r.stdout ?? '', footprint: JSON.parse(readFileSync(out, 'utf8')) as Footprint, code: r.status }
}

const reference = run('pipe')

describe('status footprint', () => {
  it('prints the whole report into a pipe', () => {
    expect(reference.code).toBe(0)
    expect((JSON.parse(reference.out) as { profiles: unknown[] }).profiles).toHaveLength(1500)
  })

  it('writes the same bytes into a file, and runs into /dev/null', () => {
    const file = path.join(root, 'out.json')
    const fd = openSync(file, 'w')
    run(fd)
    closeSync(fd)
    expect(readFileSync(file, 'utf8').replace(/"generatedAt":"[^"]+"/, '')).toBe(reference.out.replace(/"generatedAt":"[^"]+"/, ''))
    expect(run('ignore').code).toBe(0)
  })

  it.each([
    ['a pipe', 'pipe'],
    ['/dev/null', 'ignore'],
  ] as const)('into %s, loads no stream module, no other command and no package', (_, stdout) => {
    const { footprint } = stdout === 'pipe' ? reference : run(stdout)
    expect(footprint.builtins.filter((m) => /^(stream|net|tty|crypto|child_process)$/.test(m))).toEqual([])
    expect(footprint.files.map((f) => path.basename(f)).sort()).toEqual(['cli.cjs', 'probe.cjs'])
  })

  it('loads ini only when a settings file exists', () => {
    mkdirSync(path.join(h, '.config', 'aws-sso-tray'), { recursive: true })
    writeFileSync(path.join(h, '.config', 'aws-sso-tray', 'config.ini'), 'warn_minutes = 20\n')
    try {
      const { footprint } = run('pipe')
      expect(new Set(footprint.files.flatMap((f) => /node_modules\/([^/]+)\//.exec(f)?.[1] ?? []))).toEqual(new Set(['ini']))
      expect(footprint.files.map((f) => path.basename(f))).not.toContain('commands.cjs')
    } finally {
      rmSync(path.join(h, '.config'), { recursive: true, force: true })
    }
  })
})

// The other commands live in dist/commands.cjs; their errors must still be the app's own (one
// line and exit 2 for a usage error), not an internal error.
describe('the other commands, loaded from dist/commands.cjs', () => {
  it.each([['login'], ['check']])('%s with an unknown profile is a usage error (exit 2), not an internal one', (command) => {
    const r = spawnSync(process.execPath, [CLI, command, 'ghost'], { env: { PATH: process.env.PATH ?? '', HOME: h }, encoding: 'utf8' })
    expect(r.stderr).toMatch(/^aws-sso-tray: unknown profile:? "ghost"/)
    expect(r.stderr).not.toContain('internal error')
    expect(r.status).toBe(2)
  })
})

// A descriptor left non-blocking by whoever opened it: write(2) says EAGAIN once the pipe is full,
// and the rest must still arrive (through Node's stream, which waits).
const ok = requireOutside('a non-blocking stdout', [program('python3')])
describe.skipIf(!ok)('status into a full non-blocking pipe', () => {
  it('delivers every byte', () => {
    const script = `
import fcntl, os, subprocess, sys, termios, array, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
# Read nothing until the pipe is full (the CLI has met EAGAIN by then) or the CLI has ended.
buf = array.array('i', [0])
while child.poll() is None:
    fcntl.ioctl(r, termios.FIONREAD, buf)
    if buf[0] >= 65536: break
    time.sleep(0.01)
data = b''
while True:
    chunk = os.read(r, 1 << 16)
    if not chunk: break
    data += chunk
sys.stdout.buffer.write(data)
sys.exit(child.wait())
`
    const r = spawnSync('python3', ['-c', script, process.execPath, CLI, 'status', '--json'], {
      env: { PATH: process.env.PATH ?? '', HOME: h },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.replace(/"generatedAt":"[^"]+"/, '')).toBe(reference.out.replace(/"generatedAt":"[^"]+"/, ''))
  })
})
