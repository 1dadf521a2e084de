// The Linux notifiers: notify-send (against a stand-in on PATH: argv, actions, markup, close,
// replace) and D-Bus (against dunst on a private bus and Xvfb: replace in place, actions, close).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { connectSessionBus, type SessionBus } from '../../src/adapters/dbus/bus.ts'
import { createDbusNotifier } from '../../src/adapters/dbus/notifications.ts'
import { createNotifier } from '../../src/adapters/notifier.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-notify-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const log = path.join(dir, 'calls.log')
const fake = path.join(dir, 'notify-send')
writeFileSync(
  fake,
  `#!/usr/bin/env node
const fs = require('node:fs')
const args = process.argv.slice(2)
if (args[0] === '--help') { console.log('  -A, --action=[NAME=]Text...   Specifies the actions to display'); process.exit(0) }
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n')
if (process.env.FAKE_NOTIFY_PICK) { console.log(process.env.FAKE_NOTIFY_PICK); process.exit(0) }
process.on('SIGINT', () => { fs.appendFileSync(${JSON.stringify(log)}, '"closed"\\n'); process.exit(0) })
setInterval(() => {}, 1000)
`,
)
chmodSync(fake, 0o755)
// CommonJS stand-in inside an ESM package: give it its own package scope.
writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const calls = () =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown)
    : []
const request = {
  title: 'AWS SSO: <dev> expired',
  body: 'Log in for <b>dev</b> & co',
  buttons: [
    { id: 'login', label: 'Log in' },
    { id: 'snooze', label: 'Snooze 1 h' },
  ],
  urgency: 'critical' as const,
  iconPath: '/a/login.png',
}

describe('notify-send notifier', () => {
  it('passes actions and text as argv after --, escapes body markup, and maps the click', async () => {
    const picked: string[] = []
    const n = createNotifier('linux', { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, FAKE_NOTIFY_PICK: 'default' }, () => undefined)
    n.notify(request, (id) => picked.push(id))
    for (let i = 0; i < 100 && picked.length === 0; i++) await sleep(20)
    expect(calls()[0]).toEqual([
      '-a',
      'aws-sso-tray',
      '-u',
      'critical',
      '-i',
      '/a/login.png',
      '-A',
      'default=Log in',
      '-A',
      'snooze=Snooze 1 h',
      '--',
      'AWS SSO: <dev> expired',
      'Log in for &lt;b&gt;dev&lt;/b&gt; &amp; co',
    ])
    expect(picked).toEqual(['login']) // a click on the body is the first button
  })

  it('close() takes a waiting notice off the screen (SIGINT), and no action follows', async () => {
    writeFileSync(log, '')
    const picked: string[] = []
    const n = createNotifier('linux', { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` }, () => undefined)
    const handle = n.notify(request, (id) => picked.push(id))
    for (let i = 0; i < 100 && calls().length === 0; i++) await sleep(20)
    handle.close()
    for (let i = 0; i < 100 && !calls().includes('closed'); i++) await sleep(20)
    expect(calls()).toContain('closed')
    expect(picked).toEqual([])
  })

  it('a notice with the same replaceKey closes the previous one and shows the new one; other keys stay', async () => {
    writeFileSync(log, '')
    const n = createNotifier('linux', { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` }, () => undefined)
    const titles = () =>
      calls()
        .filter((c): c is string[] => Array.isArray(c))
        .map((c) => c[c.length - 2])
    n.notify({ ...request, title: 'warn', replaceKey: 'token:corp' }, () => undefined)
    n.notify({ ...request, title: 'other', replaceKey: 'token:other' }, () => undefined)
    for (let i = 0; i < 100 && titles().length < 2; i++) await sleep(20)
    n.notify({ ...request, title: 'expired', replaceKey: 'token:corp' }, () => undefined)
    for (let i = 0; i < 100 && titles().length < 3; i++) await sleep(20)
    for (let i = 0; i < 100 && !calls().includes('closed'); i++) await sleep(20)
    expect([...titles().slice(0, 2)].sort()).toEqual(['other', 'warn']) // two processes: either may log first
    expect(titles()[2]).toBe('expired')
    expect(calls().filter((c) => c === 'closed')).toHaveLength(1) // only "warn"; "other" keeps its place
    n.dispose()
    for (let i = 0; i < 100 && calls().filter((c) => c === 'closed').length < 3; i++) await sleep(20)
    expect(calls().filter((c) => c === 'closed')).toHaveLength(3)
  })
})

const withDunst =
  process.platform === 'linux' &&
  requireOutside(
    'the D-Bus notifier test',
    ['Xvfb', 'dbus-daemon', 'dunst', 'dunstctl'].map((p) => program(p)),
  )

describe.skipIf(!withDunst)('D-Bus notifier (dunst on a private bus)', () => {
  const procs: ChildProcess[] = []
  let sb: SessionBus | null = null
  afterAll(() => {
    sb?.close()
    for (const p of procs.reverse()) p.kill()
  })
  const firstLine = (c: ChildProcess) =>
    new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: c.stdout as NodeJS.ReadableStream })
      rl.once('line', (l) => (rl.close(), resolve(l.trim())))
      c.once('exit', (code) => reject(new Error(`exited ${code} before printing`)))
    })
  const until = async (what: string, fn: () => boolean) => {
    for (let i = 0; i < 200; i++) {
      if (fn()) return
      await sleep(25)
    }
    throw new Error(`timed out waiting for ${what}`)
  }

  it('replaces a notice with the same key in place, maps actions to button ids, closes by handle', async () => {
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '320x200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] })
    procs.push(xvfb)
    const display = `:${await firstLine(xvfb)}`
    const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] })
    procs.push(daemon)
    const address = await firstLine(daemon)
    const env = { PATH: process.env.PATH ?? '', DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address }
    const rc = path.join(dir, 'dunstrc')
    // dunst runs the script for every notice it shows, a replacement included.
    const shownLog = path.join(dir, 'shown.log')
    const script = path.join(dir, 'shown.sh')
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$2" >> ${shownLog}\n`, { mode: 0o755 })
    writeFileSync(
      rc,
      `[urgency_low]\n    timeout = 0\n[urgency_normal]\n    timeout = 0\n[urgency_critical]\n    timeout = 0\n[log]\n    appname = aws-sso-tray\n    script = ${script}\n`,
    )
    const shown = () => (existsSync(shownLog) ? readFileSync(shownLog, 'utf8').split('\n').filter(Boolean) : [])
    procs.push(spawn('dunst', ['-config', rc], { env, stdio: 'ignore' }))
    const dunst = (...args: string[]) => spawnSync('dunstctl', args, { env, encoding: 'utf8' })
    await until('dunst on the bus', () => dunst('count', 'displayed').stdout.trim() === '0')
    sb = await connectSessionBus(address)
    const n = await createDbusNotifier(sb, () => undefined)
    expect(n.capabilities).toContain('actions')
    const displayed = () => Number(dunst('count', 'displayed').stdout.trim())
    const summaries = () =>
      (JSON.parse(dunst('history').stdout) as { data: Array<Array<{ summary: { data: string } }>> }).data[0]?.map((h) => h.summary.data) ?? []

    const acted: string[] = []
    n.notify({ ...request, title: 'dev expires in 5m', replaceKey: 'token:corp' }, (id) => acted.push(`warn:${id}`))
    await until('the warning', () => displayed() === 1)
    n.notify({ ...request, title: 'dev expired', replaceKey: 'token:corp' }, (id) => acted.push(`expired:${id}`))
    await until('the expiry notice', () => shown().includes('dev expired'))
    expect(displayed()).toBe(1)
    // Its default action is the first button; the replaced notice's handler is gone.
    expect(dunst('action', '0').status).toBe(0)
    await until('the action', () => acted.length === 1)
    expect(acted).toEqual(['expired:login'])
    // Another key is a notice of its own.
    n.notify({ ...request, title: 'other', replaceKey: 'token:other' }, () => undefined)
    await until('the other notice', () => displayed() === 2)

    const handle = n.notify({ ...request, title: 'closable' }, () => undefined)
    await until('the third notice', () => displayed() === 3 || summaries().includes('closable'))
    handle.close()
    await until('close() to take it off', () => summaries().includes('closable'))
    expect(dunst('close-all').status).toBe(0)
    await until('history', () => summaries().length >= 3)
    expect(summaries().filter((t) => t.startsWith('dev '))).toEqual(['dev expired'])
    n.dispose()
  })
})
