import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'
import { buildTokenGroups } from '../../src/core/token-groups.ts'
import type { TokenInput } from '../../src/core/types.ts'

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
