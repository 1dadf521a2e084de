// `ensure` through the running tray, end to end: the built CLI as the tray (the fake tray helper,
// no session bus, so notices go through a stand-in notify-send on PATH that picks the notice's
// action), real tmux, the fake `aws`, and the built CLI as the caller. The tray keeps status.line
// and status.json in its runtime folder and removes them (and its socket) when it quits.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { settingsTemplate } from '../../src/settings-options.ts'
import { waitFor as poll } from '../support/poll.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const OUT = path.join(import.meta.dirname, '../fixtures/aws-output')
const canRun = process.platform === 'linux' && requireOutside('the ensure-through-the-tray test', [program('tmux')])

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-ensure-'))
const socket = `aws-sso-tray-ensure-${process.pid}`
const started: ChildProcess[] = []
afterAll(() => {
  for (const c of started) c.kill()
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
})

/** Waits with the tray's log attached to a timeout (20 s: the tray starts a login in between). */
function waitFor<T>(what: string, fn: () => T | undefined | false | null, log: () => string, ms = 20_000): Promise<T> {
  return poll(what, fn, ms, log)
}

/** Runs `ensure PROFILE --json` to its end: its JSON lines and exit code. */
function ensure(profile: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; events: Array<Record<string, unknown>>; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, 'ensure', profile, '--json', '--timeout', '60'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    started.push(c)
    let out = ''
    let err = ''
    c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    c.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    c.once('exit', (code) =>
      resolve({
        code,
        events: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
        stderr: err,
      }),
    )
  })
}

type WireItem = { __id: number; title: string; hidden?: boolean; items?: WireItem[] }

/** The menu the fake tray helper shows now (its last full menu, then item updates): id → title of the visible items. */
function menuTitles(file: string): Map<number, string> {
  const titles = new Map<number, string>()
  if (!existsSync(file)) return titles
  // Complete lines only: the helper may be half-way through appending the last one.
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((l) => JSON.parse(l) as { type?: string; items?: WireItem[]; item?: WireItem })
  const set = (i: WireItem) => (i.hidden ? titles.delete(i.__id) : titles.set(i.__id, i.title))
  const walk = (items: WireItem[]) => {
    for (const i of items) {
      set(i)
      walk(i.items ?? [])
    }
  }
  for (const l of lines) {
    if (Array.isArray(l.items)) {
      titles.clear()
      walk(l.items)
    }
    if (l.type === 'update-item' && l.item) set(l.item)
  }
  return titles
}
const lastMenuText = (file: string) => [...menuTitles(file).values()].join('\n')
const itemId = (file: string, title: string) => [...menuTitles(file)].find(([, t]) => t === title)?.[0]

describe.skipIf(!canRun)('ensure through the running tray', () => {
  it('asks in a notice; Log in runs the tray login and the caller gets requested, url, code, success, verified (exit 0); Not now gives declined (exit 1); status files follow; quit removes them', async () => {
    const home = path.join(root, 'home')
    const runtime = path.join(root, 'run')
    mkdirSync(path.join(home, '.aws'), { recursive: true })
    mkdirSync(runtime, { mode: 0o700 })
    writeFileSync(
      path.join(home, '.aws', 'config'),
      [
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile dev]',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = Admin',
        '[profile old]',
        'sso_start_url = https://old.awsapps.com/start',
        'sso_region = us-west-2',
        'sso_account_id = 333333333333',
        'sso_role_name = Read',
        '',
      ].join('\n'),
    )
    // The stand-in notify-send: records its argv; on an ensure notice it answers with the action
    // named in the pick file (as notify-send -A prints the chosen action), other notices wait.
    const fakes = path.join(root, 'fakes')
    mkdirSync(fakes)
    const noticeLog = path.join(root, 'notices.log')
    const pick = path.join(root, 'pick')
    writeFileSync(path.join(fakes, 'package.json'), '{"type":"commonjs"}')
    writeFileSync(
      path.join(fakes, 'notify-send'),
      `#!/usr/bin/env node
const fs = require('node:fs')
const args = process.argv.slice(2)
if (args[0] === '--help') { console.log('  -A, --action=[NAME=]Text...   Specifies the actions to display'); process.exit(0) }
fs.appendFileSync(${JSON.stringify(noticeLog)}, JSON.stringify(args) + '\\n')
const title = args[args.indexOf('--') + 1] || ''
if (title.startsWith('AWS SSO: log in to ')) { console.log(fs.readFileSync(${JSON.stringify(pick)}, 'utf8').trim()); process.exit(0) }
process.on('SIGINT', () => process.exit(0))
setInterval(() => {}, 1000)
`,
    )
    chmodSync(path.join(fakes, 'notify-send'), 0o755)
    const browser = path.join(root, 'browser.sh')
    writeFileSync(browser, '#!/bin/sh\nexit 0\n', { mode: 0o755 })
    const approve = path.join(root, 'approved')
    const env: NodeJS.ProcessEnv = {
      PATH: `${fakes}${path.delimiter}${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      USER: 'tester',
      XDG_RUNTIME_DIR: runtime,
      XDG_STATE_HOME: path.join(root, 'state'),
      XDG_CONFIG_HOME: path.join(root, 'config'),
      AWS_SSO_TRAY_HELPER: path.join(BIN, 'fake-tray-helper'),
      FAKE_TRAY_LOG: path.join(root, 'tray.log'),
      DISPLAY: ':404', // the fake helper needs no X server
      AWS_SSO_TRAY_TMUX_SOCKET: socket,
      AWS_SSO_TRAY_BROWSER: browser,
      AWS_FAKE_LOGIN_TRANSCRIPT: path.join(OUT, 'device-2.9.19.txt'),
      AWS_FAKE_APPROVE_FILE: approve,
      AWS_FAKE_TOKEN_KEY: 'corp',
    }
    const ours = path.join(runtime, 'aws-sso-tray')
    const lineFile = path.join(ours, 'status.line')
    const jsonFile = path.join(ours, 'status.json')
    const sock = path.join(ours, 'ensure.sock')

    const tray = spawn(process.execPath, [CLI, 'tray'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    started.push(tray)
    let trayLog = ''
    tray.stderr.setEncoding('utf8').on('data', (d: string) => (trayLog += d))
    const exited = new Promise<number | null>((r) => tray.once('exit', (code) => r(code)))
    const log = () => trayLog
    const trayLogFile = env.FAKE_TRAY_LOG as string
    await waitFor('the ensure socket', () => existsSync(sock), log)
    await waitFor('status.line', () => existsSync(lineFile), log)
    expect(readFileSync(lineFile, 'utf8')).toBe('aws ✕ 2\n')
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { generatedAt: string; profiles: Array<{ name: string; token: { state: string } }> }
    expect(report.profiles.map((p) => [p.name, p.token.state])).toEqual([
      ['dev', 'missing'],
      ['old', 'missing'],
    ])
    // The same report `status --json` prints, but for the moment it was made.
    const cli = JSON.parse(spawnSync(process.execPath, [CLI, 'status', '--json'], { env, encoding: 'utf8' }).stdout) as typeof report
    expect({ ...report, generatedAt: '' }).toEqual({ ...cli, generatedAt: '' })
    expect(Object.keys(report.profiles[0]?.token ?? {})).toContain('sessionEndsAt')

    // 1. Log in: the person picks the notice's default action.
    writeFileSync(pick, 'default')
    const asking = ensure('dev', env)
    // The approval in the browser follows the URL the caller was given.
    await waitFor('the login waiting for approval', () => /notify: AWS SSO: approve the login for corp/.test(trayLog), log)
    writeFileSync(approve, '')
    const ok = await asking
    const notices = readFileSync(noticeLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string[])
    const ask = notices.find((a) => a.includes('AWS SSO: log in to corp?'))
    expect(ask?.slice(ask.indexOf('--') + 1)).toEqual(['AWS SSO: log in to corp?', 'node in ' + process.cwd().replace(home, '~') + ' asks for a login of dev.'])
    expect(ask).toEqual(expect.arrayContaining(['-A', 'default=Log in', '-A', 'decline=Not now']))
    // Notes pass through as the login gives them (here: no display, so no clipboard).
    const steps = ok.events.filter((e) => e.type !== 'note')
    expect(steps.map((e) => e.type)).toEqual(['requested', 'url', 'code', 'success', 'verified'])
    expect(steps[0]).toEqual({ type: 'requested', profile: 'dev', session: 'corp' })
    expect(steps[1]).toEqual({ type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM', flow: 'device' })
    expect(steps[4]).toMatchObject({ type: 'verified', account: '111111111111' })
    expect(ok.code).toBe(0)
    expect(JSON.stringify(ok.events)).not.toContain('fake') // the token itself never travels
    expect(lastMenuText(trayLogFile)).not.toContain('login requested by')
    await waitFor(
      'status.line after the login',
      () => readFileSync(lineFile, 'utf8') === 'aws ✕ old\n',
      () => `${readFileSync(lineFile, 'utf8')}\n${trayLog}`,
    )

    // 2. Not now.
    writeFileSync(pick, 'decline')
    const declined = await ensure('old', env)
    expect(declined.events).toEqual([
      { type: 'requested', profile: 'old', session: 'https://old.awsapps.com/start' },
      { type: 'declined', profile: 'old' },
    ])
    expect(declined.code).toBe(1)
    expect(trayLog).not.toMatch(/internal error|sso login --profile=old/)

    // 3. A caller that gives up (here its timeout) takes its request off the menu; nothing runs.
    writeFileSync(pick, 'wait') // no button of that name: the notice stays unanswered
    const given = await new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, [CLI, 'ensure', 'old', '--json', '--timeout', '1'], { env, stdio: 'ignore' })
      started.push(c)
      c.once('exit', resolve)
    })
    expect(given).toBe(1)
    await waitFor('the request gone from the menu', () => !lastMenuText(trayLogFile).includes('login requested by'), log)
    expect(trayLog).not.toMatch(/sso login --profile=old/)

    // 4. Quit: status files and socket go with the tray.
    tray.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect([existsSync(lineFile), existsSync(jsonFile), existsSync(sock)]).toEqual([false, false, false])
  }, 60_000)
})

const canRunBus = process.platform === 'linux' && requireOutside('the tray-on-resume test', [program('dbus-daemon'), program('busctl')])

describe.skipIf(!canRunBus)('the tray on resume (logind on a private bus standing in for the system bus)', () => {
  it('PrepareForSleep(false) from logind makes the tray re-read at once', async () => {
    const home = path.join(root, 'home-resume')
    const runtime = path.join(root, 'run-resume')
    mkdirSync(path.join(home, '.aws'), { recursive: true })
    mkdirSync(runtime, { mode: 0o700 })
    writeFileSync(
      path.join(home, '.aws', 'config'),
      '[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n',
    )
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(bus)
    const address = await new Promise<string>((resolve) => bus.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d.split('\n')[0]?.trim() ?? '')))
    const env: NodeJS.ProcessEnv = {
      PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_STATE_HOME: path.join(root, 'state-resume'),
      XDG_CONFIG_HOME: path.join(root, 'config-resume'),
      AWS_SSO_TRAY_HELPER: path.join(BIN, 'fake-tray-helper'),
      DBUS_SYSTEM_BUS_ADDRESS: address,
      AWS_SSO_TRAY_NOTIFICATIONS: 'false',
    }
    const tray = spawn(process.execPath, [CLI, 'tray'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    started.push(tray)
    let trayLog = ''
    tray.stderr.setEncoding('utf8').on('data', (d: string) => (trayLog += d))
    const exited = new Promise<number | null>((r) => tray.once('exit', (code) => r(code)))
    const emit = (sleeping: boolean) =>
      spawnSync('busctl', [
        `--address=${address}`,
        'emit',
        '/org/freedesktop/login1',
        'org.freedesktop.login1.Manager',
        'PrepareForSleep',
        'b',
        String(sleeping),
      ])
    const resumes = () => trayLog.split('resumed from sleep: re-reading').length - 1
    await waitFor(
      'the tray started',
      () => trayLog.includes('started'),
      () => trayLog,
    )
    // The subscription is made in the background: emit until it is heard.
    await waitFor(
      'the re-read on resume',
      () => (emit(false), resumes() > 0),
      () => trayLog,
    )
    expect(trayLog).not.toContain('resume: not watched')
    tray.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 30_000)
})

describe.skipIf(!canRun)('Settings → Start at login in the running tray', () => {
  it('a click writes the XDG autostart entry for this installation and the item shows ✓; a second click removes it; Edit settings… writes the settings template', async () => {
    const home = path.join(root, 'home-autostart')
    const runtime = path.join(root, 'run-autostart')
    const config = path.join(root, 'config-autostart')
    mkdirSync(path.join(home, '.aws'), { recursive: true })
    mkdirSync(runtime, { mode: 0o700 })
    writeFileSync(
      path.join(home, '.aws', 'config'),
      '[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n',
    )
    const trayLogFile = path.join(root, 'tray-autostart.log')
    const clicks = path.join(root, 'clicks-autostart')
    const env: NodeJS.ProcessEnv = {
      // Only our fakes and Node: the desktop opener Edit settings… hands the file to finds nothing to start.
      PATH: `${BIN}${path.delimiter}${path.dirname(process.execPath)}`,
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_STATE_HOME: path.join(root, 'state-autostart'),
      XDG_CONFIG_HOME: config,
      AWS_SSO_TRAY_HELPER: path.join(BIN, 'fake-tray-helper'),
      FAKE_TRAY_LOG: trayLogFile,
      FAKE_TRAY_CLICKS: clicks,
      DISPLAY: ':404',
      AWS_SSO_TRAY_NOTIFICATIONS: 'false',
    }
    const entry = path.join(config, 'autostart', 'aws-sso-tray.desktop')
    const tray = spawn(process.execPath, [CLI, 'tray'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    started.push(tray)
    let trayLog = ''
    tray.stderr.setEncoding('utf8').on('data', (d: string) => (trayLog += d))
    const exited = new Promise<number | null>((r) => tray.once('exit', (code) => r(code)))
    const log = () => `${trayLog}\n${lastMenuText(trayLogFile)}`
    const off = await waitFor('the Start at login item', () => itemId(trayLogFile, 'Start at login'), log)
    appendFileSync(clicks, `${off}\n`)
    const on = await waitFor('the ✓ Start at login item', () => itemId(trayLogFile, '✓ Start at login'), log)
    const text = readFileSync(entry, 'utf8')
    expect(text).toContain(CLI)
    expect(text).toContain('X-AWS-SSO-Tray-Autostart')
    // The adapter drops a second click on one item soon after the first (XEmbed hosts send two):
    // a click on Refresh in between makes this one a click of its own.
    const refresh = itemId(trayLogFile, 'Refresh')
    appendFileSync(clicks, `${refresh}\n${on}\n`)
    await waitFor('the entry removed', () => !existsSync(entry) && itemId(trayLogFile, 'Start at login') !== undefined, log)
    const settingsFile = path.join(config, 'aws-sso-tray', 'config.ini')
    appendFileSync(clicks, `${itemId(trayLogFile, 'Edit settings…')}\n`)
    // (It is then handed to the desktop's opener, which a headless run does not have.)
    await waitFor('the settings file', () => existsSync(settingsFile), log)
    expect(readFileSync(settingsFile, 'utf8')).toBe(settingsTemplate())
    tray.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 30_000)
})
