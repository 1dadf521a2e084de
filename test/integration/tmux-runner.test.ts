// The tmux runner against real tmux on a private socket: argv without a shell, exactly our
// environment in the pane even on a server started with another one, exit status and output
// captured, a duplicate start reported (not thrown), kills that only ever hit the session meant.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProcessRunner } from '../../src/adapters/process-runner.ts'
import { createTmuxRunner, type PaneState } from '../../src/login/tmux-runner.ts'
import { loginSessionName } from '../../src/login/session-name.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const ok = requireOutside('the tmux runner tests', [program('tmux')])
// No locale, as under systemd or `env -i`: tmux then writes control characters (a tab) as `_`.
for (const k of ['LANG', 'LC_ALL', 'LC_CTYPE']) delete process.env[k]
const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-tmux-'))
const socket = `aws-sso-tray-test-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(dir, { recursive: true, force: true })
})

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

// tmux 3.3a can lose every line of a command that ends within a millisecond or two of starting
// (see src/login/tmux-runner.ts); the AWS CLI never does. Scripts here first wait as it would.
const START = 'sleep 0.1\n'

const FOREIGN = {
  AWS_CONFIG_FILE: '/elsewhere/config',
  AWS_SHARED_CREDENTIALS_FILE: '/elsewhere/credentials',
  AWS_PROFILE: 'foreign',
  AWS_DEFAULT_REGION: 'ap-south-1',
  AWS_SSO_TRAY_PROBE: 'old',
}

describe.skipIf(!ok)('tmux runner', () => {
  const tmux = createTmuxRunner(createProcessRunner(), socket)
  const exited = (h: { id: string; logFile: string }) =>
    until('exit', async () => {
      const s = await tmux.state(h)
      return s.state === 'exited' ? s : undefined
    })

  it('runs argv without a shell, with exactly our environment on a server started with another one', async () => {
    // The server (and every pane it makes by default) gets the environment of whoever started it.
    spawnSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'keepalive'], { env: { ...process.env, ...FOREIGN } })
    const script = path.join(dir, 'child.sh')
    const envOut = path.join(dir, 'env.txt')
    writeFileSync(script, `#!/bin/sh\n${START}printf "arg=[%s]\\n" "$1"\n/usr/bin/env > ${envOut}\nexit 7\n`, { mode: 0o755 })
    const hostile = `$(touch ${path.join(dir, 'PWNED')}); echo 'x' "y" \`id\` #(touch ${path.join(dir, 'PWNED2')}) -dash`
    const session = loginSessionName(hostile)
    const log = path.join(dir, 'login.log')
    writeFileSync(log, '')
    const ours = { PATH: '/usr/bin:/bin', HOME: dir, AWS_SSO_TRAY_PROBE: 'new', WEIRD: 'a b=c\'"$x' }
    const r = await tmux.start({ session, command: script, args: [hostile], env: ours, logFile: log, owner: 4242 })
    if (!r.created) throw new Error('not created')
    // tmux 3.3a now and then records no status for a pane that ended at once (seen under load):
    // the runner reports null then, and the login decides from the CLI's output.
    const end = await exited(r.handle)
    expect(end.state).toBe('exited')
    expect([7, null]).toContain(end.state === 'exited' ? end.exitCode : 'not exited')
    const text = await until('log', () => Promise.resolve(readFileSync(log, 'utf8').includes('\n') ? readFileSync(log, 'utf8') : undefined))
    expect(text.replace(/\r/g, '')).toContain(`arg=[${hostile}]\n`)
    // Exactly ours: nothing from the server (the foreign AWS_*), nothing tmux adds (TMUX, TERM);
    // PWD is the one variable /bin/sh sets itself.
    const seen = Object.fromEntries(
      readFileSync(envOut, 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    )
    delete seen.PWD
    expect(seen).toEqual(ours)
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false)
    expect(existsSync(path.join(dir, 'PWNED2'))).toBe(false)
    expect(await tmux.find(session)).toEqual({ ...r.handle, owner: 4242, pane: end })
    expect(await tmux.list()).toContain(session)
    await tmux.kill(r.handle)
    expect(await tmux.list()).not.toContain(session)
    expect(await tmux.state(r.handle)).toEqual({ state: 'gone' })
    expect(await tmux.find(session)).toBeUndefined()
  })

  it('hands words that end in ";" over as written (tmux would end its command there)', async () => {
    const script = path.join(dir, 'args.sh')
    writeFileSync(script, `#!/bin/sh\n${START}for a in "$@"; do printf "arg=[%s]\\n" "$a"; done\nprintf "env=[%s]\\n" "$SEMI"\n`, { mode: 0o755 })
    const words = ['dev;', 'dev\\;', ';', 'a;b', '\\']
    const log = path.join(dir, 'semi.log')
    writeFileSync(log, '')
    const r = await tmux.start({
      session: 'aws-sso-tray-semi',
      command: script,
      args: words,
      env: { PATH: '/usr/bin:/bin', SEMI: 'x;' },
      logFile: log,
      owner: 1,
    })
    if (!r.created) throw new Error('not created')
    await exited(r.handle)
    const text = await until('log', () => Promise.resolve(readFileSync(log, 'utf8').includes('env=[') ? readFileSync(log, 'utf8') : undefined))
    expect(text.replace(/\r/g, '').trim().split('\n')).toEqual([...words.map((w) => `arg=[${w}]`), 'env=[x;]'])
    await tmux.kill(r.handle)
  })

  it('keeps the last lines of commands that print and exit at once, started side by side (the CLI failing)', async () => {
    const script = path.join(dir, 'quick.sh')
    writeFileSync(script, `#!/bin/sh\n${START}echo "quick $1"\nexit 3\n`, { mode: 0o755 })
    const runs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const log = path.join(dir, `quick-${i}.log`)
        writeFileSync(log, '')
        const r = await tmux.start({ session: `aws-sso-tray-quick-${i}`, command: script, args: [String(i)], env: {}, logFile: log, owner: 1 })
        if (!r.created) throw new Error('not created')
        const end = await exited(r.handle)
        expect([3, null]).toContain(end.state === 'exited' ? end.exitCode : 'not exited')
        const text = await until(`log ${i}`, () => Promise.resolve(readFileSync(log, 'utf8').includes('\n') ? readFileSync(log, 'utf8') : undefined), 5_000)
        await tmux.kill(r.handle)
        return text.replace(/\r/g, '')
      }),
    )
    expect(runs).toEqual(runs.map((_, i) => `quick ${i}\n`))
  })

  it('a second start of the same session reports it exists; adopt changes the owner', async () => {
    const log = path.join(dir, 'dup-1.log')
    const first = await tmux.start({ session: 'aws-sso-tray-dup', command: '/bin/sleep', args: ['30'], env: {}, logFile: log, owner: 1 })
    expect(first.created).toBe(true)
    const second = await tmux.start({
      session: 'aws-sso-tray-dup',
      command: '/bin/sleep',
      args: ['30'],
      env: {},
      logFile: path.join(dir, 'dup-2.log'),
      owner: 2,
    })
    expect(second).toEqual({ created: false })
    if (!first.created) return
    expect(await tmux.state(first.handle)).toEqual<PaneState>({ state: 'running' })
    await tmux.adopt(first.handle, 99)
    expect((await tmux.find('aws-sso-tray-dup'))?.owner).toBe(99)
    await tmux.kill(first.handle)
    expect(await tmux.find('aws-sso-tray-dup')).toBeUndefined()
  })

  it('never kills or adopts a session that only shares the id (another log)', async () => {
    const a = await tmux.start({ session: 'aws-sso-tray-mine', command: '/bin/sleep', args: ['30'], env: {}, logFile: path.join(dir, 'mine.log'), owner: 1 })
    if (!a.created) throw new Error('not created')
    const impostor = { id: a.handle.id, logFile: path.join(dir, 'someone-else.log') }
    expect(await tmux.state(impostor)).toEqual({ state: 'gone' })
    await tmux.adopt(impostor, 77)
    await tmux.kill(impostor)
    expect(await tmux.find('aws-sso-tray-mine')).toMatchObject({ owner: 1, pane: { state: 'running' } })
    await tmux.kill(a.handle)
    expect(await tmux.find('aws-sso-tray-mine')).toBeUndefined()
  })

  it('refuses a log path that would need shell quoting or holds a tmux format', async () => {
    await expect(tmux.start({ session: 's', command: 'true', args: [], env: {}, logFile: '/tmp/a b;rm', owner: 1 })).rejects.toThrow(/unsafe log path/)
    await expect(tmux.start({ session: 's', command: 'true', args: [], env: {}, logFile: '/tmp/#(id)', owner: 1 })).rejects.toThrow(/unsafe log path/)
  })
})
