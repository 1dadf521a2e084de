import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import { buildTokenGroups, profileState } from '../../src/core/token-groups.ts'
import type { Profile, TokenInput } from '../../src/core/types.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 1
sso_role_name = Admin
[profile deploy]
role_arn = arn:aws:iam::2:role/Deploy
source_profile = dev
[profile broken]
sso_session = corp
sso_account_id = 3
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-west-2
sso_account_id = 4
sso_role_name = Read
[profile plain]
region = us-east-1
[profile nosession]
sso_session = gone
`

function groups(tokens: Record<string, TokenInput> = {}) {
  const profiles = resolveProfiles(buildProfileMap(parseConfigText(CONFIG, 'config')))
  return buildTokenGroups(profiles, new Map(Object.entries(tokens)), NOW, { warnMs: 15 * 60_000 })
}

describe('buildTokenGroups', () => {
  it('groups by shared token, chained profiles with their root, and leaves non-SSO profiles out', () => {
    const g = groups({
      corp: {
        status: 'read',
        facts: {
          startUrl: 'u',
          region: 'r',
          hasAccessToken: true,
          expiresAt: '2026-11-28T13:00:00Z',
          hasRefreshToken: false,
          hasClientId: false,
          hasClientSecret: false,
          registrationExpiresAt: undefined,
        },
      },
    })
    expect(g.map((x) => [x.id, x.label, x.state, x.loginProfile, x.profiles.map((p) => p.name)])).toEqual([
      ['sso-session:corp', 'sso-session corp', 'valid', 'dev', ['dev', 'deploy', 'broken']],
      ['legacy-sso:https://old.awsapps.com/start', 'https://old.awsapps.com/start', 'missing', 'old', ['old']],
      ['broken:nosession', 'sso-session gone', 'invalid', null, ['nosession']],
    ])
    expect(g.map((x) => x.name)).toEqual(['corp', 'https://old.awsapps.com/start', 'gone']) // what the menu calls each session
    expect(g[0]?.expiresAt).toBe(NOW + 3_600_000)
    expect(g[0]?.profiles.find((p) => p.name === 'broken')?.error).toMatch(/missing required configuration: sso_role_name/)
  })
})

describe('buildTokenGroups: who shares a token and who logs in', () => {
  const sso = (name: string, extra: Partial<Profile> = {}): Profile => ({
    name,
    kind: 'sso-session',
    ssoSession: 'corp',
    startUrl: 'https://corp.awsapps.com/start',
    ssoRegion: 'eu-west-1',
    accountId: '1',
    roleName: 'Admin',
    region: null,
    sourceProfile: null,
    tokenKey: 'corp',
    tokenKind: 'sso-session',
    configError: null,
    ...extra,
  })
  const chained = (name: string, source: string | null, extra: Partial<Profile> = {}) => sso(name, { kind: 'chained', sourceProfile: source, ...extra })
  const build = (profiles: Profile[]) => buildTokenGroups(profiles, new Map(), NOW, { warnMs: 15 * 60_000 })
  const summary = (profiles: Profile[]) => build(profiles).map((g) => [g.id, g.state, g.reason, g.loginProfile, g.profiles.map((p) => p.name)])

  it('the first healthy profile logs in for the group, and a later one does not replace it', () => {
    expect(summary([sso('a'), sso('b')])).toEqual([['sso-session:corp', 'missing', 'no cached token: log in with aws sso login', 'a', ['a', 'b']]])
  })

  it('a chained profile listed first logs in through its source, never itself', () => {
    expect(summary([chained('deploy', 'dev'), sso('dev')])).toEqual([
      ['sso-session:corp', 'missing', 'no cached token: log in with aws sso login', 'dev', ['deploy', 'dev']],
    ])
  })

  it('a broken profile does not log in; the next healthy one does', () => {
    expect(summary([sso('bad', { configError: 'missing sso_role_name' }), sso('good')])[0]?.[3]).toBe('good')
    expect(summary([chained('deploy', 'bad'), sso('bad', { configError: 'missing sso_role_name' })])[0]?.[3]).toBeNull()
  })

  it('a chained profile whose source is not listed (hidden) has no login profile, and no error is thrown', () => {
    expect(summary([chained('deploy', 'dev')])).toEqual([['sso-session:corp', 'missing', 'no cached token: log in with aws sso login', null, ['deploy']]])
  })

  it('a profile without a token key or kind is a broken group of its own, invalid for its config error', () => {
    const noKey = sso('nokey', { tokenKey: null, configError: 'no sso_session' })
    const noKind = sso('nokind', { tokenKind: null, configError: 'odd' })
    expect(summary([noKey, noKind])).toEqual([
      ['broken:nokey', 'invalid', 'no sso_session', null, ['nokey']],
      ['broken:nokind', 'invalid', 'odd', null, ['nokind']],
    ])
  })

  it('a profile row is invalid for its own config error, else shows the shared token state', () => {
    const [g] = build([sso('dev'), sso('bad', { configError: 'missing sso_role_name' })])
    if (!g) throw new Error('no group')
    expect(g.profiles.map((p) => profileState(g, p))).toEqual(['missing', 'invalid'])
  })
})
