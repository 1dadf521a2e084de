// Fault-matrix row: hostile text as profile names. Each name must reach the CLI's argv verbatim
// (one word, `--profile=NAME`), nothing in it may run (a canary file planted in every command
// substitution stays absent), and the tmux session and the log keep names of our own.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { appSessions, assertClean, makeHome, runLogin, ssoLoginCalls, types } from '../login/process-harness.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const ok = requireOutside('the hostile profile name tests', [program('tmux')])
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-hostile-'))
const socket = `aws-sso-tray-hostile-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

const CANARY = path.join(root, 'CANARY')
const NAMES: [string, string][] = [
  ['single quotes', "it's-o'clock"],
  ['command substitution', `dev$(touch ${CANARY})`],
  ['backticks', `dev\`touch ${CANARY}\``],
  ['semicolon', `dev;touch ${CANARY}`],
  ['a trailing semicolon (tmux ends a command there)', 'dev;'],
  ['pipe', `dev|touch ${CANARY}`],
  ['spaces', 'my dev profile'],
  ['leading dash', '-dash'],
  ['leading double dash', '--profile'],
  ['tmux #() format', `#(touch ${CANARY})`],
  ['tmux #{} format', '#{pane_pid}-#S'],
  ['unicode', 'prod-日本語-é-🚀'],
  ['path traversal', '../../../etc/passwd'],
  ['4 KB', 'x'.repeat(4096)],
]

describe.skipIf(!ok)('hostile profile names', () => {
  const h = makeHome(
    root,
    'home',
    NAMES.map(([, n]) => n),
    { approveOnOpen: false },
  )

  it.each(NAMES.map(([what, name]) => ({ what, name })))('$what: reaches the CLI verbatim, runs nothing, names stay ours', async ({ name }) => {
    const runsBefore = ssoLoginCalls(h).length
    let seenSessions: string[] = []
    let seenLogs: string[] = []
    const r = await runLogin(h, name, {
      socket,
      args: ['--force'], // every name shares one token: the logins after the first would find it usable
      onEvent: (e) => {
        if (e.type !== 'code') return
        seenSessions = appSessions(socket)
        seenLogs = readdirSync(path.join(h.runtime, 'aws-sso-tray'))
        writeFileSync(h.approveFile, '') // approved only once the names were seen
      },
    })
    rmSync(h.approveFile)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(types(r)).toEqual(['url', 'code', 'success', 'verified'])
    expect(ssoLoginCalls(h).at(-1)).toEqual(['sso', 'login', `--profile=${name}`, '--no-browser', '--no-cli-auto-prompt'])
    expect(existsSync(CANARY)).toBe(false)
    expect(seenSessions).toEqual([expect.stringMatching(/^aws-sso-tray-[A-Za-z0-9_-]+$/)])
    expect(seenLogs).toEqual([expect.stringMatching(/^aws-sso-tray-[A-Za-z0-9_-]+\.[0-9a-f]{12}\.log$/)])
    await assertClean(h, socket, { ssoLogins: runsBefore + 1 })
  })
})
