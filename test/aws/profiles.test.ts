import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../src/aws/profiles.ts'

const resolve = (text: string) => {
  const all = resolveProfiles(buildProfileMap(parseConfigText(text, '/c')))
  return Object.fromEntries(all.map((p) => [p.name, p]))
}

const SESSION = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start#/\nsso_region = us-east-1\n'

describe('resolveProfiles', () => {
  it('resolves sso-session, legacy, chained and other profiles', () => {
    const p = resolve(`${SESSION}
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-west-1
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-west-2
sso_account_id = 222222222222
sso_role_name = Read
[profile deploy]
role_arn = arn:aws:iam::333333333333:role/team/Deploy
source_profile = dev
[profile static]
aws_access_key_id = AKIA
aws_secret_access_key = s
[profile viaStatic]
role_arn = arn:aws:iam::333333333333:role/X
source_profile = static
`)
    expect(p.dev).toMatchObject({
      kind: 'sso-session',
      ssoSession: 'corp',
      startUrl: 'https://corp.awsapps.com/start#/',
      ssoRegion: 'us-east-1',
      accountId: '111111111111',
      roleName: 'Admin',
      region: 'eu-west-1',
      tokenKey: 'corp',
      tokenKind: 'sso-session',
      configError: null,
    })
    expect(p.old).toMatchObject({ kind: 'legacy-sso', tokenKey: 'https://old.awsapps.com/start', tokenKind: 'legacy-sso', configError: null })
    expect(p.deploy).toMatchObject({
      kind: 'chained',
      sourceProfile: 'dev',
      accountId: '333333333333',
      roleName: 'Deploy',
      tokenKey: 'corp',
      tokenKind: 'sso-session',
    })
    expect(p.static).toMatchObject({ kind: 'other', tokenKey: null })
    expect(p.viaStatic).toMatchObject({ kind: 'other', sourceProfile: null, tokenKey: null })
  })

  it('follows multi-hop chains to the SSO root', () => {
    const p = resolve(
      `${SESSION}[profile root]\nsso_session = corp\n[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = root\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n`,
    )
    expect(p.b).toMatchObject({ kind: 'chained', sourceProfile: 'root', tokenKey: 'corp' })
  })

  it("detects source_profile cycles with botocore's message", () => {
    const p = resolve('[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n')
    expect(p.a?.kind).toBe('chained')
    expect(p.a?.configError).toBe(
      'Infinite loop in credential configuration detected. Attempting to load from profile a which has already been visited. Visited profiles: a, b',
    )
  })

  it('allows a self-referencing source_profile with static keys', () => {
    const p = resolve('[profile s]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = s\naws_access_key_id = A\naws_secret_access_key = B\n')
    expect(p.s?.kind).toBe('other')
  })

  it('names a missing source profile', () => {
    const p = resolve('[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = ghost\n')
    expect(p.a?.configError).toBe('The source_profile "ghost" referenced in the profile "a" does not exist.')
  })

  it.each([
    ['a dangling sso_session', '[profile p]\nsso_session = nope\n', 'The specified sso-session does not exist: "nope" (add an [sso-session nope] section)'],
    [
      'a session without sso_region',
      '[sso-session s]\nsso_start_url = u\n[profile p]\nsso_session = s\n',
      'The profile "p" is configured to use SSO but is missing required configuration: sso_region',
    ],
    [
      'an account without a role',
      `${SESSION}[profile p]\nsso_session = corp\nsso_account_id = 1\n`,
      'The profile "p" is configured to use SSO but is missing required configuration: sso_role_name',
    ],
    [
      'inconsistent values',
      `${SESSION}[profile p]\nsso_session = corp\nsso_region = eu-west-1\n`,
      'The value for sso_region is inconsistent between profile (eu-west-1) and sso-session (us-east-1).',
    ],
    [
      'a legacy profile without a region',
      '[profile p]\nsso_start_url = u\nsso_account_id = 1\nsso_role_name = r\n',
      'The profile "p" is configured to use SSO but is missing required configuration: sso_region',
    ],
  ])('explains %s', (_n, text, error) => {
    expect(resolve(text).p?.configError).toBe(error)
  })

  it('compares only keys the profile has itself (botocore: config.get(key, value) != value)', () => {
    const p = resolve(
      `${SESSION}constructor = x\n__proto__ = y\ntoString = z\n[profile p]\nsso_session = corp\n[profile q]\nsso_session = corp\ntostring = w\n`,
    )
    expect(p.p?.configError).toBeNull()
    expect(p.q?.configError).toBe('The value for tostring is inconsistent between profile (w) and sso-session (z).')
  })

  it('keeps a token-only sso-session profile (no account or role) valid', () => {
    expect(resolve(`${SESSION}[profile t]\nsso_session = corp\n`).t).toMatchObject({ kind: 'sso-session', configError: null, accountId: null })
  })

  it('checks role_arn before SSO keys, as the provider chain does', () => {
    const p = resolve(
      `${SESSION}[profile root]\nsso_session = corp\n[profile both]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = root\nsso_session = corp\n`,
    )
    expect(p.both?.kind).toBe('chained')
  })

  it('reports a chain whose SSO root is misconfigured', () => {
    const p = resolve('[profile root]\nsso_session = gone\n[profile c]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = root\n')
    expect(p.c?.configError).toBe('source profile "root": The specified sso-session does not exist: "gone" (add an [sso-session gone] section)')
  })
})
