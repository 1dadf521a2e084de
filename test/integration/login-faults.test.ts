// Fault-matrix rows: no tmux (the detached fallback, which must still kill a hanging CLI at the
// timeout and on Ctrl-C), a CLI that never prints a URL (url_timeout), and an AWS CLI that is
// missing or v1. Each row: state, message, exit code, then the clean-up checks.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, assertClean, makeHome, runLogin, types, type Home } from '../login/process-harness.ts'
import { hasProgram, program, requireOutside } from '../support/outside-tools.ts'

const HINT = 'install AWS CLI v2, or set AWS_SSO_TRAY_AWS to its full path (aws-sso-tray doctor shows how)'
const ok = requireOutside('the login fault tests', [program('tmux')])
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-faults-'))
const socket = `aws-sso-tray-faults-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

/** A PATH with the fake aws, node and touch, and no tmux: the host the fallback is for. */
function pathWithoutTmux(h: Home): string {
  const bin = path.join(h.home, 'bin')
  mkdirSync(bin)
  for (const tool of ['touch']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim()
    symlinkSync(found, path.join(bin, tool))
  }
  symlinkSync(process.execPath, path.join(bin, 'node'))
  return `${BIN}${path.delimiter}${bin}`
}

describe.skipIf(!ok)('login faults', () => {
  describe('tmux missing: the detached fallback', () => {
    it('logs in the same way', async () => {
      const h = makeHome(root, 'no-tmux', ['p'])
      const PATH = pathWithoutTmux(h)
      expect(hasProgramOn(PATH, 'tmux')).toBe(false)
      const r = await runLogin(h, 'p', { socket, env: { PATH } })
      expect([r.code, r.stderr, types(r)]).toEqual([0, '', ['url', 'code', 'success', 'verified']])
      await assertClean(h, socket)
    })

    it('a CLI hanging after the code is killed at the timeout (exit 1)', async () => {
      const h = makeHome(root, 'no-tmux-timeout', ['p'])
      const r = await runLogin(h, 'p', { socket, args: ['--timeout', '1'], env: { PATH: pathWithoutTmux(h), AWS_FAKE_LOGIN_HANG_AFTER: '11' } })
      expect(types(r)).toEqual(['url', 'code', 'failed'])
      expect(r.events.at(-1)).toEqual({ type: 'failed', class: 'timeout', message: 'the login was not completed within 1 s' })
      expect([r.code, r.stderr]).toEqual([1, ''])
      await assertClean(h, socket, { tokenWritten: false })
    })

    it('a hanging CLI is killed on Ctrl-C (exit 130)', async () => {
      const h = makeHome(root, 'no-tmux-cancel', ['p'])
      const r = await runLogin(h, 'p', {
        socket,
        env: { PATH: pathWithoutTmux(h), AWS_FAKE_LOGIN_HANG_AFTER: '11' },
        onEvent: (e, kill) => e.type === 'code' && kill('SIGINT'),
      })
      expect(r.events.at(-1)).toEqual({ type: 'failed', class: 'cancelled', message: 'the login was cancelled' })
      expect([r.code, r.stderr]).toEqual([130, ''])
      await assertClean(h, socket, { tokenWritten: false })
    })
  })

  describe('the CLI hangs before printing a URL (url_timeout)', () => {
    for (const runner of ['tmux', 'detached']) {
      it(`${runner}: a clear failure after AWS_SSO_TRAY_URL_TIMEOUT, exit 1, the CLI killed`, async () => {
        const h = makeHome(root, `no-url-${runner}`, ['p'])
        const r = await runLogin(h, 'p', { socket, env: { AWS_SSO_TRAY_RUNNER: runner, AWS_SSO_TRAY_URL_TIMEOUT: '1', AWS_FAKE_LOGIN_HANG_AFTER: '1' } })
        expect(r.events).toEqual([{ type: 'failed', class: 'timeout', message: 'the AWS CLI printed no login URL within 1 s' }])
        expect([r.code, r.stderr]).toEqual([1, ''])
        await assertClean(h, socket, { tokenWritten: false })
      })
    }

    it('url_timeout in the settings file counts too', async () => {
      const h = makeHome(root, 'no-url-setting', ['p'])
      mkdirSync(path.join(h.home, '.config', 'aws-sso-tray'), { recursive: true })
      writeFileSync(path.join(h.home, '.config', 'aws-sso-tray', 'config.ini'), 'url_timeout = 1\n')
      const r = await runLogin(h, 'p', { socket, env: { AWS_FAKE_LOGIN_HANG_AFTER: '0' } })
      expect(r.events).toEqual([{ type: 'failed', class: 'timeout', message: 'the AWS CLI printed no login URL within 1 s' }])
      await assertClean(h, socket, { tokenWritten: false })
    })
  })

  describe('the AWS CLI cannot run sso login: one clear line, exit 1, nothing started', () => {
    it('not on PATH: says where it looked', async () => {
      const h = makeHome(root, 'no-aws', ['p'])
      const bin = path.join(h.home, 'bin')
      mkdirSync(bin)
      const r = await runLogin(h, 'p', { socket, env: { PATH: `${bin}${path.delimiter}/nonexistent` } })
      expect(r.events).toEqual([])
      expect([r.code, r.stderr]).toEqual([1, `aws-sso-tray: the AWS CLI "aws" is not on PATH (looked in ${bin}${path.delimiter}/nonexistent)\n  ${HINT}\n`])
      await assertClean(h, socket, { ssoLogins: 0, tokenWritten: false })
    })

    it('AWS_SSO_TRAY_AWS pointing nowhere: names the setting', async () => {
      const h = makeHome(root, 'aws-setting', ['p'])
      const r = await runLogin(h, 'p', { socket, env: { AWS_SSO_TRAY_AWS: '/opt/nowhere/aws' } })
      expect([r.code, r.stderr]).toEqual([
        1,
        `aws-sso-tray: the AWS CLI "/opt/nowhere/aws" (set by AWS_SSO_TRAY_AWS) does not exist or cannot be run\n  ${HINT}\n`,
      ])
      await assertClean(h, socket, { ssoLogins: 0, tokenWritten: false })
    })

    it('AWS CLI v1: says v1 and names v2 as the fix', async () => {
      const h = makeHome(root, 'aws-v1', ['p'])
      const r = await runLogin(h, 'p', { socket, env: { AWS_FAKE_VERSION: 'aws-cli/1.29.0 Python/3.11.2 Linux/6.1 botocore/1.31.0' } })
      expect([r.code, r.stderr]).toEqual([1, `aws-sso-tray: aws is AWS CLI 1.29.0; aws-sso-tray needs AWS CLI v2 (v1 has no SSO login)\n  ${HINT}\n`])
      await assertClean(h, socket, { ssoLogins: 0, tokenWritten: false })
    })
  })
})

function hasProgramOn(PATH: string, name: string): boolean {
  const saved = process.env.PATH
  process.env.PATH = PATH
  try {
    return hasProgram(name)
  } finally {
    process.env.PATH = saved
  }
}
