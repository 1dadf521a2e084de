// The Linux notifier against a stand-in notify-send on PATH: argv, actions, markup, close.

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createNotifier } from '../../src/adapters/notifier.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-notify-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const log = path.join(dir, 'calls.log')
const fake = path.join(dir, 'notify-send')
writeFileSync(fake, `#!/usr/bin/env node
const fs = require('node:fs')
const args = process.argv.slice(2)
if (args[0] === '--help') { console.log('  -A, --action=[NAME=]Text...   Specifies the actions to display'); process.exit(0) }
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n')
if (process.env.FAKE_NOTIFY_PICK) { console.log(process.env.FAKE_NOTIFY_PICK); process.exit(0) }
process.on('SIGINT', () => { fs.appendFileSync(${JSON.stringify(log)}, '"closed"\\n'); process.exit(0) })
setInterval(() => {}, 1000)
`)
chmodSync(fake, 0o755)
// CommonJS stand-in inside an ESM package: give it its own package scope.
writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown) : [])
const request = { title: 'AWS SSO: <dev> expired', body: 'Log in for <b>dev</b> & co', buttons: [{ id: 'login', label: 'Log in' }, { id: 'snooze', label: 'Snooze 1 h' }], urgency: 'critical' as const, iconPath: '/a/login.png' }

describe('notify-send notifier', () => {
  it('passes actions and text as argv after --, escapes body markup, and maps the click', async () => {
    const picked: string[] = []
    const n = createNotifier('linux', { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, FAKE_NOTIFY_PICK: 'default' }, () => undefined)
    n.notify(request, (id) => picked.push(id))
    for (let i = 0; i < 100 && picked.length === 0; i++) await sleep(20)
    expect(calls()[0]).toEqual(['-a', 'aws-sso-tray', '-u', 'critical', '-i', '/a/login.png', '-A', 'default=Log in', '-A', 'snooze=Snooze 1 h', '--', 'AWS SSO: <dev> expired', 'Log in for &lt;b&gt;dev&lt;/b&gt; &amp; co'])
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
    const titles = () => calls().filter((c): c is string[] => Array.isArray(c)).map((c) => c[c.length - 2])
    n.notify({ ...request, title: 'warn', replaceKey: 'token:corp' }, () => undefined)
    n.notify({ ...request, title: 'other', replaceKey: 'token:other' }, () => undefined)
    for (let i = 0; i < 100 && titles().length < 2; i++) await sleep(20)
    n.notify({ ...request, title: 'expired', replaceKey: 'token:corp' }, () => undefined)
    for (let i = 0; i < 100 && titles().length < 3; i++) await sleep(20)
    for (let i = 0; i < 100 && !calls().includes('closed'); i++) await sleep(20)
    expect(titles()).toEqual(['warn', 'other', 'expired'])
    expect(calls().filter((c) => c === 'closed')).toHaveLength(1) // only "warn"; "other" keeps its place
    n.dispose()
    for (let i = 0; i < 100 && calls().filter((c) => c === 'closed').length < 3; i++) await sleep(20)
    expect(calls().filter((c) => c === 'closed')).toHaveLength(3)
  })
})
