// The tmux runner against real tmux on a private socket: argv without a shell, environment
// carried past a server started with another one, exit status and output captured, clean-up.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProcessRunner } from '../../src/adapters/process-runner.ts'
import { createTmuxRunner } from '../../src/login/tmux-runner.ts'
import { loginSessionName } from '../../src/login/session-name.ts'

const hasTmux = spawnSync('tmux', ['-V']).status === 0
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

describe.skipIf(!hasTmux)('tmux runner', () => {
  const tmux = createTmuxRunner(createProcessRunner(), socket)

  it('runs argv without a shell, with our environment, and keeps output and exit status', async () => {
    // A server started first with a different environment must not leak it into the pane.
    spawnSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'keepalive'], { env: { ...process.env, AWS_SSO_TRAY_PROBE: 'old' } })
    const script = path.join(dir, 'child.sh')
    writeFileSync(script, '#!/bin/sh\nprintf "arg=[%s] env=[%s]\\n" "$1" "$AWS_SSO_TRAY_PROBE"\nexit 7\n', { mode: 0o755 })
    const hostile = `$(touch ${path.join(dir, 'PWNED')}); echo 'x' "y" \`id\``
    const session = loginSessionName(hostile)
    const log = path.join(dir, 'login.log')
    await tmux.start({ session, command: script, args: [hostile], env: { AWS_SSO_TRAY_PROBE: 'new' }, logFile: log })
    const state = await until('exit', async () => {
      const s = await tmux.state(session)
      return s.state === 'exited' ? s : undefined
    })
    expect(state).toEqual({ state: 'exited', exitCode: 7 })
    const text = await until('log', () => Promise.resolve(existsSync(log) && readFileSync(log, 'utf8').includes('\n') ? readFileSync(log, 'utf8') : undefined))
    expect(text.replace(/\r/g, '')).toContain(`arg=[${hostile}] env=[new]\n`)
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false)
    expect(await tmux.list()).toContain(session)
    await tmux.kill(session)
    expect(await tmux.list()).not.toContain(session)
    expect(await tmux.state(session)).toEqual({ state: 'gone' })
  })

  it('refuses a log path that would need shell quoting', async () => {
    await expect(tmux.start({ session: 's', command: 'true', args: [], env: {}, logFile: '/tmp/a b;rm' })).rejects.toThrow(/unsafe log path/)
  })
})
