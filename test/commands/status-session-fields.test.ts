// `status --json` sets the session fields on its own report (once per token, no copy of every
// profile): the bytes are those of the report the tray builds with withSessionFields, for
// sessions shared by several profiles, a legacy token, a profile without one and hidden ones.

import { describe, expect, it } from 'vitest'
import { sha1Hex } from '../../src/aws/sha1.ts'
import { loadProfiles, readTokens } from '../../src/aws/load-profiles.ts'
import { loadSettings } from '../../src/commands/load-settings.ts'
import { runStatus } from '../../src/commands/status.ts'
import { parseSessionBook, withSessionFields } from '../../src/core/session-book.ts'
import { buildStatusReport } from '../../src/core/status-report.ts'
import { fakeContext } from '../fakes/context.ts'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const H = 3600_000
const session = (name: string) => `[sso-session ${name}]\nsso_start_url = https://${name}.awsapps.com/start\nsso_region = us-east-1\n`
const profile = (name: string, s: string) => `[profile ${name}]\nsso_session = ${s}\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
const CONFIG = [
  session('corp'),
  session('lab'),
  profile('a1', 'corp'),
  profile('b1', 'lab'),
  profile('a2', 'corp'),
  profile('b2', 'lab'),
  '[profile old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 2\nsso_role_name = Read\n',
  '[profile plain]\nregion = eu-west-1\n',
].join('')
const token = (name: string, refreshToken: string) =>
  JSON.stringify({
    accessToken: 'CANARY',
    expiresAt: '2026-12-01T12:40:00Z',
    refreshToken,
    clientId: 'c',
    clientSecret: 'CANARY',
    registrationExpiresAt: '2027-02-01T00:00:00Z',
    startUrl: `https://${name}.awsapps.com/start`,
  })
const BOOK = JSON.stringify({
  'sso-session:corp': { startedAt: Date.parse('2026-12-01T09:00:00Z'), learnedMs: [9 * H, 8 * H], tag: sha1Hex('R1').slice(0, 8), endedAt: null },
  'sso-session:lab': { startedAt: Date.parse('2026-12-01T10:00:00Z'), learnedMs: [6 * H], tag: sha1Hex('R2').slice(0, 8), endedAt: null },
})
const TREE = {
  '/home/u/.aws/config': CONFIG,
  [`/home/u/.aws/sso/cache/${sha1Hex('corp')}.json`]: token('corp', 'R1'),
  [`/home/u/.aws/sso/cache/${sha1Hex('lab')}.json`]: token('lab', 'R2'),
  [`/home/u/.aws/sso/cache/${sha1Hex('https://old.awsapps.com/start')}.json`]: token('old', 'R3'),
  '/home/u/.local/state/aws-sso-tray/sessions.json': BOOK,
}

/** The report as the tray builds it (core/tray/step.ts), from the same files. */
async function trayReport(env: Record<string, string>): Promise<string> {
  const ctx = fakeContext(TREE, NOW, env)
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  const reads = await readTokens(ctx.files, settings.cacheDir, loaded.profiles)
  const report = buildStatusReport({
    ...reads,
    profiles: loaded.profiles,
    configErrors: loaded.configErrors,
    now: NOW,
    thresholds: { warnMs: settings.warnMs },
    hide: settings.hide,
  })
  return JSON.stringify(withSessionFields(report, loaded.profiles, reads.tokens, parseSessionBook(BOOK), settings.sessionHours)) + '\n'
}

describe('status --json session fields', () => {
  it.each([
    ['learned lengths', {}],
    ['a setting for one session, two profiles hidden', { AWS_SSO_TRAY_SESSION_HOURS: 'lab=10', AWS_SSO_TRAY_HIDE: 'a2,old' }],
  ])('%s: the same bytes as the tray report, each profile with its own session', async (_, env: Record<string, string>) => {
    const ctx = fakeContext(TREE, NOW, env)
    await runStatus(ctx, { json: true, names: [] })
    const out = ctx.stdout.join('')
    expect(out).toBe(await trayReport(env))
    const ends = Object.fromEntries(
      (JSON.parse(out) as { profiles: { name: string; token: { sessionEndsAt?: string | null } | null }[] }).profiles.map((p) => [
        p.name,
        p.token?.sessionEndsAt,
      ]),
    )
    const lab = env.AWS_SSO_TRAY_SESSION_HOURS ? '2026-12-01T20:00:00.000Z' : '2026-12-01T16:00:00.000Z'
    expect(ends).toEqual({ a1: '2026-12-01T17:00:00.000Z', a2: '2026-12-01T17:00:00.000Z', b1: lab, b2: lab, old: null, plain: undefined })
  })
})
