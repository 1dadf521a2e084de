// Colours in the human output of ensure, config show and autostart: on a terminal by the one rule
// of render/colour.ts, off for NO_COLOR, pipes and --json. (login's are in test/login.)

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sha1Hex } from '../../src/aws/sha1.ts'
import { runAutostart } from '../../src/commands/autostart.ts'
import { runConfig } from '../../src/commands/config.ts'
import { runEnsure } from '../../src/commands/ensure.ts'
import { fakeContext, type FakeContext } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'

const ESC = '\x1b['
const NOW = Date.parse('2026-12-01T10:00:00Z')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-colour-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function tty(ctx: FakeContext, isTTY = true): FakeContext {
  ctx.out.isTTY = isTTY
  return ctx
}

describe('ensure', () => {
  const tree = {
    '/home/u/.aws/config':
      '[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    [`/home/u/.aws/sso/cache/${sha1Hex('corp')}.json`]: JSON.stringify({
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'A',
      expiresAt: '2026-12-01T18:00:00Z',
    }),
  }
  const run = async (ctx: FakeContext, json = false) => {
    expect(await runEnsure(ctx, { profile: 'dev', json, timeoutS: 5, verify: false }, { runner: fakeRunner({}).runner })).toBe(0)
    return ctx.stdout.join('')
  }

  it('a usable token in its state colour on a terminal; plain with NO_COLOR, in a pipe and in --json', async () => {
    expect(await run(tty(fakeContext(tree, NOW)))).toBe(`dev: ${ESC}32musable (valid, until 2026-12-01T18:00:00.000Z)${ESC}0m\n`)
    expect(await run(tty(fakeContext(tree, NOW, { NO_COLOR: '1' })))).toBe('dev: usable (valid, until 2026-12-01T18:00:00.000Z)\n')
    expect(await run(tty(fakeContext(tree, NOW), false))).not.toContain(ESC)
    expect(await run(tty(fakeContext(tree, NOW, { FORCE_COLOR: '1' })), true)).not.toContain(ESC)
  })
})

describe('config show', () => {
  const FILE = '/home/u/.config/aws-sso-tray/config.ini'
  const tree = { [FILE]: 'warn_minutes = 30\nquiet_hours = 25:00-08:00\n' }

  it('set values bold, their source dim, warnings red; none of it off a terminal', async () => {
    const on = tty(fakeContext(tree, 0))
    expect(await runConfig(on, { action: 'show', json: false })).toBe(1)
    const text = on.stdout.join('')
    expect(text).toContain(`${ESC}1m30${ESC}0m    ${ESC}2m(${FILE}:1)${ESC}0m`)
    expect(text).toContain(`${ESC}31mWarnings:${ESC}0m`)
    expect(text).toMatch(new RegExp(`\\n  ${ESC.replace('[', '\\[')}31m.*quiet_hours`))
    const off = tty(fakeContext(tree, 0, { TERM: 'dumb' }))
    await runConfig(off, { action: 'show', json: false })
    expect(off.stdout.join('')).not.toContain(ESC)
    expect(off.stdout.join('')).toContain(`30    (${FILE}:1)`)
  })
})

describe('autostart', () => {
  const HERE = { node: '/opt/node/bin/node', cli: '/opt/aws-sso-tray/dist/cli.cjs' }
  it('not enabled in yellow, enabled in green; plain in a pipe', () => {
    const env = { XDG_CONFIG_HOME: path.join(root, 'cfg') }
    const say = (action: 'status' | 'enable' | 'disable', isTTY = true) => {
      const ctx = tty(fakeContext({}, 0, env), isTTY)
      runAutostart(ctx, { action, json: false, target: HERE })
      return ctx.stdout.join('')
    }
    expect(say('status')).toContain(`autostart: ${ESC}33mnot enabled${ESC}0m (enable writes `)
    expect(say('enable')).toContain(`autostart ${ESC}32menabled${ESC}0m: `)
    expect(say('status')).toContain(`autostart: ${ESC}32menabled${ESC}0m, starts this installation`)
    expect(say('status', false)).toMatch(/^autostart: enabled, starts this installation \(/)
    expect(say('disable', false)).not.toContain(ESC)
  })
})
