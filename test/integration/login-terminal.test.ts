// `login` as a person sees it: the built CLI on a real pseudo-terminal (Python's pty module), real
// tmux on a private socket, the fake `aws`, a stand-in browser that approves. What it says and in
// which order (the wait for the browser after the URL and code), the no-display note, colours.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, appEnv, assertClean, makeHome, type Home } from '../login/process-harness.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const ok = requireOutside('the login terminal tests', [program('tmux'), program('python3')])
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-login-tty-'))
const socket = `aws-sso-tray-login-tty-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

// argv[1:] the command, on a pty (stdin, stdout and stderr); its output relayed as bytes. The
// child gets CHILD_PATH as PATH: a pyenv shim puts its own bin folder (with its own aws) first.
const PTY_RUN = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.environ['PATH'] = os.environ.pop('CHILD_PATH')
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`

function onTerminal(h: Home, args: string[], env: Record<string, string> = {}) {
  const childEnv: Record<string, string> = { ...appEnv(h, { socket }), TERM: 'xterm', ...env }
  const r = spawnSync('python3', ['-c', PTY_RUN, process.execPath, CLI, 'login', ...args], {
    env: { ...childEnv, CHILD_PATH: childEnv.PATH, PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, text: r.stdout.replaceAll('\r\n', '\n') }
}

const B = (s: string) => `\x1b[1m${s}\x1b[0m`
const URL = 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM'

describe.skipIf(!ok)('login on a terminal', () => {
  it('URL and code (bold), the no-display note, then the wait for the browser; Verified in green', () => {
    const h = makeHome(root, 'tty', ['dev'])
    const r = onTerminal(h, ['dev'])
    expect(r.code).toBe(0)
    const lines = r.text.split('\n')
    expect(lines.slice(0, 5)).toEqual([
      'Log in at this URL:',
      `  ${B(URL)}`,
      `Check that the sign-in page shows this code: ${B('WDQK-RTLM')}`,
      'no display: the URL was not copied',
      'Waiting for the browser. Press Enter once you have approved the login.',
    ])
    expect(r.text).toContain('\x1b[32mVerified:\x1b[0m account 111111111111')
    expect(r.text.split('Waiting for the browser')).toHaveLength(2)
  })

  it('NO_COLOR: the same words without colour; a second login has nothing to do', async () => {
    const h = makeHome(root, 'tty-plain', ['dev'])
    const r = onTerminal(h, ['dev'], { NO_COLOR: '1' })
    expect(r.code).toBe(0)
    expect(r.text).not.toContain('\x1b[')
    expect(r.text).toContain(`Log in at this URL:\n  ${URL}\n`)
    const again = onTerminal(h, [], { NO_COLOR: '1', AWS_PROFILE: 'dev' })
    expect(again.code).toBe(0)
    expect(again.text).toMatch(/^dev is logged in until .+; nothing to do\. Use --force to log in anyway\.\n$/)
    await assertClean(h, socket)
  })
})
