// `status` reads the tray's session book (sessions.json in its state folder) and gives each token
// its session start, predicted end and the length's source; the table says "ends ~HH:MM".

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { sha1Hex } from '../../src/aws/sha1.ts'
import { runStatus } from '../../src/commands/status.ts'
import { fakeContext } from '../fakes/context.ts'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const H = 3600_000
const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 2
sso_role_name = Read
[profile plain]
region = eu-west-1
`
const SESSIONS = '/home/u/.local/state/aws-sso-tray/sessions.json'
const corpToken = (refreshToken: string) =>
  JSON.stringify({
    startUrl: 'https://corp.awsapps.com/start',
    region: 'us-east-1',
    accessToken: 'CANARY-ACCESS',
    expiresAt: '2026-12-01T12:40:00Z',
    refreshToken,
    clientId: 'c',
    clientSecret: 'CANARY-SECRET',
    registrationExpiresAt: '2027-02-01T00:00:00Z',
  })
const book = (tag: string) =>
  JSON.stringify({ 'sso-session:corp': { startedAt: Date.parse('2026-12-01T09:00:00Z'), learnedMs: [9 * H, 8 * H], tag, endedAt: null } })
const tree = (refreshToken: string, sessions?: string) => ({
  '/home/u/.aws/config': CONFIG,
  [`/home/u/.aws/sso/cache/${sha1Hex('corp')}.json`]: corpToken(refreshToken),
  ...(sessions === undefined ? {} : { [SESSIONS]: sessions }),
})
type Report = { profiles: Array<{ name: string; token: Record<string, unknown> | null }> }

async function json(t: Record<string, string>, env: Record<string, string> = {}): Promise<Report> {
  const ctx = fakeContext(t, NOW, env)
  await runStatus(ctx, { json: true, names: [] })
  return JSON.parse(ctx.stdout.join('')) as Report
}
const fields = (r: Report, name: string) => {
  const t = r.profiles.find((p) => p.name === name)?.token
  return t === null || t === undefined ? t : { sessionStartedAt: t.sessionStartedAt, sessionEndsAt: t.sessionEndsAt, sessionEndSource: t.sessionEndSource }
}

describe('status: the session end from the tray', () => {
  const tag = sha1Hex('CANARY-REFRESH-1').slice(0, 8)

  it('--json: start, predicted end (smallest learned length) and "learned"; the setting wins and says "setting"', async () => {
    const r = await json(tree('CANARY-REFRESH-1', book(tag)))
    expect(fields(r, 'dev')).toEqual({ sessionStartedAt: '2026-12-01T09:00:00.000Z', sessionEndsAt: '2026-12-01T17:00:00.000Z', sessionEndSource: 'learned' })
    // A legacy token has no refreshable session; a profile without a token has no token at all.
    expect(fields(r, 'old')).toEqual({ sessionStartedAt: null, sessionEndsAt: null, sessionEndSource: null })
    expect(fields(r, 'plain')).toBeNull()
    const set = await json(tree('CANARY-REFRESH-1', book(tag)), { AWS_SSO_TRAY_SESSION_HOURS: 'corp=10' })
    expect(fields(set, 'dev')).toEqual({ sessionStartedAt: '2026-12-01T09:00:00.000Z', sessionEndsAt: '2026-12-01T19:00:00.000Z', sessionEndSource: 'setting' })
    expect(JSON.stringify(set)).not.toMatch(/CANARY/)
    // The documented schema takes the new fields, and refuses a source it does not name.
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
    const valid = ajv.compile(JSON.parse(readFileSync(path.join(import.meta.dirname, '../../docs/schema/status.schema.json'), 'utf8')) as object)
    expect(valid(r)).toBe(true)
    expect(valid(set)).toBe(true)
    const wrong = structuredClone(r)
    const dev = wrong.profiles.find((p) => p.name === 'dev')
    if (dev?.token) dev.token.sessionEndSource = 'guessed'
    expect(valid(wrong)).toBe(false)
  })

  it('--json: nulls without a tray book, with a broken one, or when the token file holds a refresh token the tray did not see', async () => {
    const none = { sessionStartedAt: null, sessionEndsAt: null, sessionEndSource: null }
    expect(fields(await json(tree('CANARY-REFRESH-1')), 'dev')).toEqual(none)
    expect(fields(await json(tree('CANARY-REFRESH-1', '{not json')), 'dev')).toEqual(none)
    expect(fields(await json(tree('CANARY-REFRESH-2', book(tag))), 'dev')).toEqual(none)
  })

  it('the table shows "ends ~HH:MM" (local time) beside the time left, and nothing once that time is past', async () => {
    const ctx = fakeContext(tree('CANARY-REFRESH-1', book(tag)), NOW)
    await runStatus(ctx, { json: false, names: ['dev'] })
    const end = new Date('2026-12-01T17:00:00Z')
    const hhmm = `${String(end.getHours()).padStart(2, '0')}:${String(end.getMinutes()).padStart(2, '0')}`
    expect(ctx.stdout.join('')).toContain(`40m · ends ~${hhmm}`)
    const late = fakeContext(tree('CANARY-REFRESH-1', book(tag)), Date.parse('2026-12-01T17:30:00Z'))
    await runStatus(late, { json: false, names: ['dev'] })
    expect(late.stdout.join('')).not.toContain('ends ~')
  })
})
