// Installs the project as a user would: `npm pack` the built tree, `npm i -g` the tarball into a
// temporary prefix with a clean HOME (runtime dependencies from the npm cache, or the registry
// when missing), then runs the installed command. Also: npx of the tarball, autostart and bash
// completion from the installed command, and the tray helper from a read-only install.

import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { program, requireOutside, type Requirement } from '../support/outside-tools.ts'

const REPO = path.join(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string }
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-pack-'))
const prefix = path.join(root, 'prefix')
const home = path.join(root, 'home')
const installed = path.join(prefix, 'lib', 'node_modules', pkg.name)
// The installed command's `#!/usr/bin/env node` finds the Node running these tests first.
const PATH = [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter)
const NPM_CACHE = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout?.trim() ?? ''
let tarball = ''
let packed: string[] = []

afterAll(() => rmSync(root, { recursive: true, force: true }))

function run(file: string, args: string[], env: Record<string, string> = {}, opts: SpawnSyncOptions = {}) {
  const r = spawnSync(file, args, { encoding: 'utf8', cwd: root, timeout: 120_000, env: { PATH, HOME: home, ...env }, ...opts })
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) }
}
const cli = (args: string[], env: Record<string, string> = {}) => run(path.join(prefix, 'bin', 'aws-sso-tray'), args, env)

const canPack = requireOutside('pack and install test', [program('npm'), program('bash')])
// Once for both groups below (the read-only test runs the same install).
beforeAll(() => {
  if (!canPack) return
  statSync(path.join(REPO, 'dist', 'cli.cjs')) // built by `npm test`, so pack skips the scripts
  mkdirSync(path.join(home, '.aws'), { recursive: true })
  writeFileSync(
    path.join(home, '.aws', 'config'),
    '[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n[profile "prod admin"]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = Admin\n',
  )
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], {}, { cwd: REPO })
  expect(pack.code, pack.stderr).toBe(0)
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[]
  tarball = path.join(root, info?.filename ?? '')
  packed = (info?.files ?? []).map((f) => f.path).sort()
  const install = run('npm', [
    'install',
    '--global',
    '--prefix',
    prefix,
    '--cache',
    NPM_CACHE,
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    tarball,
  ])
  expect(install.code, install.stderr).toBe(0)
}, 120_000)

describe.skipIf(!canPack)('npm pack, then install the tarball', () => {
  it('ships what runs and nothing else: the bundle, icons, LICENSE, README, CHANGELOG', () => {
    expect(packed).toEqual(expect.arrayContaining(['dist/cli.cjs', 'assets/ok.png', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']))
    // The bundle may be split (dist/main.cjs, dist/commands.cjs, dist/errors.cjs beside dist/cli.cjs); nothing else.
    expect(packed.filter((f) => !/^(dist\/(cli|main|commands|errors)\.cjs|assets\/[^/]+|LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(f))).toEqual([])
  })

  it('--version prints the version from package.json', () => {
    expect(cli(['--version'])).toEqual({ code: 0, stdout: `aws-sso-tray ${pkg.version}\n`, stderr: '' })
    expect(cli(['status', '--version']).stdout).toBe(`aws-sso-tray ${pkg.version}\n`)
  })

  it('status --json and doctor run from the install', () => {
    const status = cli(['status', '--json'])
    expect(status.code).toBe(1) // no tokens in the temp HOME: both profiles need a login
    expect((JSON.parse(status.stdout) as { profiles: { name: string }[] }).profiles.map((p) => p.name)).toEqual(['dev', 'prod admin'])
    const doctor = cli(['doctor'])
    expect([0, 1]).toContain(doctor.code)
    expect(doctor.stdout).toMatch(/^(ok|warn|FAIL)\s+/m)
    expect(doctor.stdout).toContain(`2 SSO profiles of 2 in ${path.join(home, '.aws', 'config')}`) // it read the temp HOME's config
    expect(doctor.stderr).toBe('')
  })

  it('npx runs the tarball too', () => {
    const r = run('npm', ['exec', '--yes', '--cache', NPM_CACHE, '--prefer-offline', `--package=${tarball}`, '--', 'aws-sso-tray', '--version'])
    expect(r.stdout).toBe(`aws-sso-tray ${pkg.version}\n`)
  })

  it('autostart points at the installed command and this Node, by absolute path', () => {
    const env = { XDG_CONFIG_HOME: path.join(root, 'config') }
    expect(cli(['autostart', 'enable'], env).code).toBe(0)
    const entry = readFileSync(path.join(root, 'config', 'autostart', 'aws-sso-tray.desktop'), 'utf8')
    expect(entry).toContain(`Exec="${process.execPath}" "${realpathSync(path.join(installed, 'dist', 'cli.cjs'))}" "tray"\n`)
    expect(cli(['autostart', 'status'], env).stdout).toMatch(/^autostart: enabled, starts this installation/)
    expect(cli(['autostart', 'disable'], env).code).toBe(0)
  })

  it('bash completion from the installed command completes commands and profile names', () => {
    const complete = (...words: string[]) =>
      run('bash', [
        '--norc',
        '--noprofile',
        '-c',
        'source <(aws-sso-tray completion bash); COMP_WORDS=(aws-sso-tray "$@"); COMP_CWORD=$#; _aws_sso_tray; printf "%s\\n" "${COMPREPLY[@]}"',
        'bash',
        ...words,
      ]).stdout
    expect(complete('sta')).toBe('status\n')
    expect(complete('login', 'pr')).toBe('prod\\ admin\n')
  })
})

/** Whether this kernel lets us mount a folder read-only inside a user namespace (no root needed). */
function userNamespaces(): Requirement {
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount --bind -o ro / / 2>/dev/null || mount -o remount,bind,ro / /'], { stdio: 'ignore' })
  return { name: 'unshare -rm with a read-only bind mount (user namespaces)', present: r.status === 0 }
}

const canReadOnly = canPack && requireOutside('read-only install test', [program('unshare'), program('Xvfb'), userNamespaces()])
describe.skipIf(!canReadOnly)('the tray helper from a read-only install', () => {
  it('runs a private executable copy when the installed helper cannot be made executable', async () => {
    const helper = path.join(installed, 'node_modules', 'systray2', 'traybin', 'tray_linux_release')
    expect(statSync(helper).mode & 0o111).toBe(0) // systray2 ships it 0644: the case under test
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] })
    const display = await new Promise<string>((resolve) => xvfb.stdout.once('data', (d: Buffer) => resolve(`:${d.toString().trim()}`)))
    const state = path.join(root, 'state')
    // A read-only bind mount of the prefix in a private mount namespace: chmod fails (EROFS) for
    // anyone, root included, as on a root-owned or image-based install.
    const tray = spawn(
      'unshare',
      ['-rm', 'sh', '-c', 'mount --bind -o ro "$0" "$0" || exit 97; exec "$@"', prefix, process.execPath, path.join(installed, 'dist', 'cli.cjs'), 'tray'],
      {
        env: { PATH, HOME: home, DISPLAY: display, XDG_STATE_HOME: state, XDG_RUNTIME_DIR: root },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let log = ''
    tray.stderr.on('data', (d: Buffer) => (log += d.toString()))
    const exited = new Promise<number | null>((resolve) => tray.on('exit', (code) => resolve(code)))
    try {
      // The helper's own output (its name in GLib's log lines, or its ready message) shows it ran.
      const deadline = Date.now() + 30_000
      while (!/tray_linux_release|tray helper: ready|"type":"ready"/.test(log) && tray.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(log).not.toMatch(/EROFS|EACCES|keeps failing/)
      expect(log).toMatch(/tray_linux_release|ready/)
      const copy = path.join(state, 'aws-sso-tray', 'bin', 'tray_linux_release')
      expect(existsSync(copy)).toBe(true)
      expect(statSync(copy).mode & 0o777).toBe(0o755)
      expect(statSync(helper).mode & 0o111).toBe(0) // the install itself was not touched
    } finally {
      tray.kill('SIGTERM')
      await exited
      xvfb.kill()
    }
  })
})
