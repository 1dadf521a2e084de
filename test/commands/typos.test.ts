// Mistyped commands, options and profile names: one line naming the likely fix, exit 2.

import { describe, expect, it } from 'vitest'
import { main } from '../../src/main.ts'
import { fakeContext } from '../fakes/context.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const profile = (name: string) => `[profile ${name}]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
const CONFIG = `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n${['dev-admin', 'prod-admin', 'prod-read'].map(profile).join('')}`
const MANY = `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n${Array.from({ length: 12 }, (_, i) => profile(`team-${i}`)).join('')}`

const ctx = (config = CONFIG) => fakeContext({ '/home/u/.aws/config': config }, NOW, { DISPLAY: ':0' })
const failure = async (argv: string[], config?: string) => {
  const error = await main(argv, ctx(config)).then(
    () => undefined,
    (e: unknown) => e as { exitCode: number; message: string; hint?: string },
  )
  if (!error) throw new Error(`${argv.join(' ')} did not fail`)
  return { code: error.exitCode, message: error.message, hint: error.hint }
}

describe('a CLI that forgives typos', () => {
  it('suggests the command for a misspelt one', async () => {
    expect(await failure(['stauts'])).toEqual({
      code: 2,
      message: 'unknown command "stauts" — did you mean status?',
      hint: 'run aws-sso-tray --help for the list',
    })
    expect((await failure(['doctr'])).message).toBe('unknown command "doctr" — did you mean doctor?')
    expect((await failure(['deploy'])).message).toBe('unknown command "deploy"')
  })

  it('never suggests the hidden completion helper', async () => {
    expect((await failure(['__complet'])).message).toBe('unknown command "__complet"')
  })

  it('an unknown option: our own line with the closest option, and the usage', async () => {
    expect(await failure(['status', '--jsno'])).toEqual({
      code: 2,
      message: 'unknown option --jsno — did you mean --json?',
      hint: expect.stringMatching(/^usage: aws-sso-tray status /) as string,
    })
    expect((await failure(['check', '--concurency', '2'])).message).toBe('unknown option --concurency — did you mean --concurrency?')
    expect((await failure(['status', '--frobnicate'])).message).toBe('unknown option --frobnicate')
    expect((await failure(['status', '-x'])).message).toBe('unknown option -x')
    expect((await failure(['--jsno'])).message).toBe('unknown option --jsno')
    expect((await failure(['--verison'])).message).toBe('unknown option --verison — did you mean --version?')
  })

  it('an option missing its value, or given one it does not take', async () => {
    expect((await failure(['check', '--timeout'])).message).toBe('option --timeout needs a value')
    expect((await failure(['check', '--timeout', '--json'])).message).toBe('option --timeout needs a value')
    expect((await failure(['status', '--json=yes'])).message).toBe('option --json takes no value')
  })

  it('status and login with a misspelt profile: "did you mean", not the whole list', async () => {
    expect(await failure(['status', 'prdo-admin'])).toEqual({ code: 2, message: 'unknown profile "prdo-admin" — did you mean prod-admin?', hint: undefined })
    expect((await failure(['login', 'prdo-admin'])).message).toBe('unknown profile "prdo-admin" — did you mean prod-admin?')
  })

  it('with nothing close: the known names when they fit a line, else a pointer to status', async () => {
    expect(await failure(['status', 'ghost'])).toMatchObject({ message: 'unknown profile: "ghost"', hint: 'known profiles: dev-admin, prod-admin, prod-read' })
    expect(await failure(['status', 'ghost'], MANY)).toMatchObject({
      message: 'unknown profile: "ghost"',
      hint: 'aws-sso-tray status lists the 12 known profiles',
    })
  })

  it('a misspelt autostart action', async () => {
    expect((await failure(['autostart', 'enabel'])).message).toBe('unknown autostart action "enabel" — did you mean enable?')
    expect((await failure(['autostart'])).message).toBe('autostart needs enable, disable or status')
  })

  it('a correct option still parses (defaults and inline values)', async () => {
    const c = ctx()
    expect(await main(['status', '--json', 'dev-admin'], c)).toBe(1)
    expect(JSON.parse(c.stdout.join('')) as unknown).toMatchObject({ profiles: [{ name: 'dev-admin' }] })
  })
})
