// autostart on Linux against a temporary XDG_CONFIG_HOME: the real file system, nothing else.

import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runAutostart, thisInstallation, type AutostartAction, type AutostartStatus } from '../../src/commands/autostart.ts'
import { autostartEntry } from '../../src/core/autostart-entry.ts'
import { fakeContext } from '../fakes/context.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-autostart-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const HERE = { node: '/opt/node 20/bin/node', cli: '/opt/aws-sso-tray/dist/cli.cjs' }
let n = 0
function setup() {
  const config = path.join(root, `cfg${n++}`)
  const file = path.join(config, 'autostart', 'aws-sso-tray.desktop')
  const run = (action: AutostartAction, opts: { json?: boolean; target?: typeof HERE } = {}) => {
    const ctx = fakeContext({}, 0, { XDG_CONFIG_HOME: config })
    let code: number
    try {
      code = runAutostart(ctx, { action, json: opts.json ?? false, target: opts.target ?? HERE })
    } catch (e) {
      const err = e as { exitCode: number; message: string; hint?: string }
      return { code: err.exitCode, stdout: '', stderr: `${err.message}\n${err.hint ?? ''}` }
    }
    return { code, stdout: ctx.stdout.join(''), stderr: ctx.stderr.join('') }
  }
  return { config, file, run }
}

describe('this installation', () => {
  it("is this Node and the started script, through npm's bin symlink to the bundle itself", () => {
    const bundle = path.join(root, 'lib', 'dist', 'cli.cjs')
    mkdirSync(path.dirname(bundle), { recursive: true })
    writeFileSync(bundle, '')
    mkdirSync(path.join(root, 'bin'), { recursive: true })
    symlinkSync(bundle, path.join(root, 'bin', 'aws-sso-tray'))
    expect(thisInstallation(path.join(root, 'bin', 'aws-sso-tray'))).toEqual({ node: process.execPath, cli: realpathSync(bundle) })
    expect(thisInstallation('/no/such/cli.cjs')).toEqual({ node: process.execPath, cli: '/no/such/cli.cjs' })
    expect(() => thisInstallation('')).toThrow('cannot tell which script is running')
  })
})

describe('autostart on Linux (XDG)', () => {
  it('enable writes the desktop entry for this installation, 0644 or stricter, nothing else', () => {
    const { file, run } = setup()
    expect(run('enable')).toEqual({ code: 0, stdout: `autostart enabled: ${file}\n`, stderr: '' })
    expect(readFileSync(file, 'utf8')).toBe(autostartEntry('xdg', HERE))
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/node 20/bin/node" "/opt/aws-sso-tray/dist/cli.cjs" "tray"\n')
    expect(lstatSync(file).mode & 0o133).toBe(0) // no execute bits, no group/other write
    expect(readdirSync(path.dirname(file))).toEqual(['aws-sso-tray.desktop']) // no temporary file left
  })

  it('is idempotent: a second enable leaves the file as it is', () => {
    const { file, run } = setup()
    run('enable')
    const before = lstatSync(file)
    expect(run('enable')).toMatchObject({ code: 0, stdout: `autostart already enabled: ${file}\n` })
    expect(lstatSync(file).ino).toBe(before.ino)
  })

  it('status tells enabled for this installation, for another one, or not at all', () => {
    const { file, run } = setup()
    expect(run('status').stdout).toBe(`autostart: not enabled (enable writes ${file})\n`)
    run('enable', { target: { node: '/old/node', cli: '/old/cli.cjs' } })
    expect(run('status').stdout).toBe(
      `autostart: enabled, but starts another installation (${file}: Exec="/old/node" "/old/cli.cjs" "tray"); run aws-sso-tray autostart enable to point it here\n`,
    )
    expect(run('enable').stdout).toBe(`autostart updated: ${file}\n`)
    expect(run('status').stdout).toBe(`autostart: enabled, starts this installation (${file})\n`)
  })

  it('--json reports the state after the action', () => {
    const { file, run } = setup()
    const parse = (r: { stdout: string }) => JSON.parse(r.stdout) as AutostartStatus
    expect(parse(run('status', { json: true }))).toEqual({ platform: 'linux', file, enabled: false, ours: false, current: false, command: null })
    expect(parse(run('enable', { json: true }))).toEqual({
      platform: 'linux',
      file,
      enabled: true,
      ours: true,
      current: true,
      command: 'Exec="/opt/node 20/bin/node" "/opt/aws-sso-tray/dist/cli.cjs" "tray"',
    })
    expect(parse(run('disable', { json: true }))).toMatchObject({ enabled: false })
  })

  it('disable removes exactly what enable wrote; a second disable is fine', () => {
    const { config, file, run } = setup()
    mkdirSync(path.join(config, 'autostart'), { recursive: true })
    writeFileSync(path.join(config, 'autostart', 'other.desktop'), 'x')
    run('enable')
    expect(run('disable')).toEqual({ code: 0, stdout: `autostart disabled: removed ${file}\n`, stderr: '' })
    expect(readdirSync(path.dirname(file))).toEqual(['other.desktop'])
    expect(run('disable')).toEqual({ code: 0, stdout: `autostart is not enabled (no ${file})\n`, stderr: '' })
  })

  it('a file we did not write is left alone by enable and disable, with a message', () => {
    const { config, file, run } = setup()
    mkdirSync(path.join(config, 'autostart'), { recursive: true })
    const foreign = '[Desktop Entry]\nExec=/usr/bin/aws-sso-tray\n'
    writeFileSync(file, foreign)
    expect(run('enable')).toEqual({
      code: 1,
      stdout: '',
      stderr: `${file} exists and was not written by aws-sso-tray (no aws-sso-tray marker in it): left alone\nremove or rename it, then run aws-sso-tray autostart enable again`,
    })
    expect(run('disable')).toEqual({
      code: 1,
      stdout: '',
      stderr: `aws-sso-tray: ${file} was not written by aws-sso-tray (no aws-sso-tray marker in it): left alone\n`,
    })
    expect(run('status').stdout).toBe(`autostart: ${file} exists but was not written by aws-sso-tray (no aws-sso-tray marker in it)\n`)
    expect(readFileSync(file, 'utf8')).toBe(foreign)
  })

  it('never follows a symlink at the entry path, even one pointing at an entry of ours', () => {
    const { config, file, run } = setup()
    mkdirSync(path.join(config, 'autostart'), { recursive: true })
    const elsewhere = path.join(config, 'elsewhere.desktop')
    writeFileSync(elsewhere, autostartEntry('xdg', HERE))
    symlinkSync(elsewhere, file)
    expect(run('status').stdout).toBe(`autostart: ${file} exists but was not written by aws-sso-tray (a symbolic link)\n`)
    expect(run('enable').code).toBe(1)
    expect(run('disable').code).toBe(1)
    expect(lstatSync(file).isSymbolicLink()).toBe(true)
    expect(readFileSync(elsewhere, 'utf8')).toBe(autostartEntry('xdg', HERE))
  })

  it('refuses a path that cannot be written into the entry', () => {
    const { file, run } = setup()
    expect(run('enable', { target: { node: '/usr/bin/node', cli: '/x\n/cli.cjs' } })).toMatchObject({ code: 2 })
    expect(() => lstatSync(file)).toThrow()
  })

  it('an unwritable folder: a one-line error naming the folder', () => {
    const { config, run } = setup()
    writeFileSync(config, 'not a folder')
    const r = run('enable')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^cannot write .*aws-sso-tray\.desktop \(E[A-Z]+\)\n/)
  })
})

const hasGio = requireOutside('autostart launch test', [program('gio', 'gio (libglib2.0-bin)')])
describe.skipIf(!hasGio)('the desktop entry as GLib reads it', () => {
  it('gio launch starts the Node path with the bundle path and tray, hostile characters intact', async () => {
    // A stand-in "node" in a folder named with every character the Exec quoting must carry.
    const dir = path.join(root, `we"ird $dir \`x\` \\back it's`)
    mkdirSync(dir, { recursive: true })
    const argvFile = path.join(root, 'launched-argv')
    writeFileSync(
      path.join(dir, 'node'),
      `#!/bin/sh\nfor a in "$0" "$@"; do printf '%s\\n' "$a"; done > '${argvFile}.tmp' && mv '${argvFile}.tmp' '${argvFile}'\n`,
    )
    chmodSync(path.join(dir, 'node'), 0o755)
    const target = { node: path.join(dir, 'node'), cli: path.join(dir, '100% "sure"', 'cli.cjs') }
    const { file, run } = setup()
    expect(run('enable', { target }).code).toBe(0)
    const r = spawnSync('gio', ['launch', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: root } })
    expect(r.stderr).toBe('')
    // gio starts the program and returns; wait for the stand-in's record.
    const deadline = Date.now() + 10_000
    while (!existsSync(argvFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(readFileSync(argvFile, 'utf8')).toBe(`${target.node}\n${target.cli}\ntray\n`)
  })
})
