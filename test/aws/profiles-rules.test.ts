// Field by field: what each profile resolves to, the exact error texts, and botocore's rules for
// chains (AssumeRoleProvider) and sso-session references (SSOProvider) where they decide.

import { describe, expect, it } from 'vitest'
import { parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'
import { resolveProfile, resolveProfiles } from '../../src/aws/profiles.ts'

const resolve = (text: string) => Object.fromEntries(resolveProfiles(buildProfileMap(parseConfigText(text, '/c'))).map((p) => [p.name, p]))
const one = (text: string, name = 'p') => resolveProfile(buildProfileMap(parseConfigText(text, '/c')), name)

const SESSION = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n'
const missing = (name: string, keys: string) => `The profile "${name}" is configured to use SSO but is missing required configuration: ${keys}`

describe('legacy SSO profiles', () => {
  it('a complete one, every field', () => {
    expect(
      one(
        '[profile p]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-west-2\nsso_account_id = 222222222222\nsso_role_name = Read\nregion = eu-west-1\n',
      ),
    ).toEqual({
      name: 'p',
      kind: 'legacy-sso',
      ssoSession: null,
      startUrl: 'https://old.awsapps.com/start',
      ssoRegion: 'us-west-2',
      accountId: '222222222222',
      roleName: 'Read',
      region: 'eu-west-1',
      sourceProfile: null,
      tokenKey: 'https://old.awsapps.com/start',
      tokenKind: 'legacy-sso',
      configError: null,
    })
  })

  it.each([
    ['sso_start_url', 'https://x', 'sso_region', { startUrl: 'https://x', tokenKey: 'https://x', tokenKind: 'legacy-sso' }],
    ['sso_region', 'us-east-1', 'sso_start_url', { ssoRegion: 'us-east-1', tokenKey: null, tokenKind: null }],
    ['sso_account_id', '1', 'sso_start_url, sso_region, sso_role_name', { accountId: '1', tokenKey: null }],
    ['sso_role_name', 'R', 'sso_start_url, sso_region, sso_account_id', { roleName: 'R', tokenKey: null }],
  ])('any one SSO key alone (%s) makes it a legacy SSO profile that names what is missing', (key, value, absent, fields) => {
    expect(one(`[profile p]\n${key} = ${value}\n`)).toMatchObject({ kind: 'legacy-sso', ...fields, configError: missing('p', absent) })
  })

  it('a role without an account, or an account without a role, is incomplete', () => {
    const url = 'sso_start_url = u\nsso_region = r\n'
    expect(one(`[profile p]\n${url}sso_role_name = R\n`).configError).toBe(missing('p', 'sso_account_id'))
    expect(one(`[profile p]\n${url}sso_account_id = 1\n`).configError).toBe(missing('p', 'sso_role_name'))
    expect(one(`[profile p]\n${url}`).configError).toBeNull()
  })

  it('a nested value is no value: a key given as a sub-section counts as missing', () => {
    expect(one('[profile p]\nsso_start_url =\n  a = b\nsso_region = r\n')).toMatchObject({
      startUrl: null,
      tokenKey: null,
      configError: missing('p', 'sso_start_url'),
    })
  })
})

describe('sso-session profiles', () => {
  it('a session without a start URL or region names both, in that order', () => {
    expect(one('[sso-session s]\nregistration_scopes = x\n[profile p]\nsso_session = s\n').configError).toBe(missing('p', 'sso_start_url, sso_region'))
    expect(one('[sso-session s]\nsso_region = r\n[profile p]\nsso_session = s\n').configError).toBe(missing('p', 'sso_start_url'))
  })

  it('a role without an account (or the reverse) in the profile is incomplete', () => {
    expect(one(`${SESSION}[profile p]\nsso_session = corp\nsso_role_name = R\n`)).toMatchObject({
      roleName: 'R',
      accountId: null,
      configError: missing('p', 'sso_account_id'),
    })
    expect(one(`${SESSION}[profile p]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n`)).toMatchObject({
      accountId: '1',
      roleName: 'R',
      configError: null,
    })
  })

  it('a key repeated in profile and session with the same value is consistent, also a nested one (Python compares dicts by value)', () => {
    const nested = 's3 =\n  addressing_style = path\n'
    const text = `[sso-session corp]\nsso_start_url = u\nsso_region = us-east-1\n${nested}[profile p]\nsso_session = corp\nsso_region = us-east-1\n${nested}`
    expect(one(text).configError).toBeNull()
    const other = text.replace(/path\n$/, 'virtual\n')
    expect(one(other).configError).toBe(
      'The value for s3 is inconsistent between profile ({"addressing_style":"virtual"}) and sso-session ({"addressing_style":"path"}).',
    )
  })

  it('an unknown session: kind, session and no token', () => {
    expect(one('[profile p]\nsso_session = gone\nregion = r\n')).toEqual({
      name: 'p',
      kind: 'sso-session',
      ssoSession: 'gone',
      startUrl: null,
      ssoRegion: null,
      accountId: null,
      roleName: null,
      region: 'r',
      sourceProfile: null,
      tokenKey: null,
      tokenKind: null,
      configError: 'The specified sso-session does not exist: "gone" (add an [sso-session gone] section)',
    })
  })
})

describe('role chains (botocore AssumeRoleProvider)', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/Admin', '123456789012', 'Admin'],
    ['arn:aws-us-gov:iam::123456789012:role/a/b/Deploy-1', '123456789012', 'Deploy-1'],
    ['arn:aws-cn:iam::123456789012:role/x_y', '123456789012', 'x_y'],
    ['arn:aws:iam::12345678901:role/Admin', null, null],
    ['arn:aws:iam::1234567890123:role/Admin', null, null],
    ['arn:aws:iam::12345678901a:role/Admin', null, null],
    ['xarn:aws:iam::123456789012:role/Admin', null, null],
    ['arn::iam::123456789012:role/Admin', null, null],
    ['arn:a b:iam::123456789012:role/Admin', null, null],
    ['arn:aws:iam::123456789012:role/Admin/', null, null],
    ['arn:aws:iam::123456789012:user/Admin', null, null],
  ])('reads account and role from %s', (arn, accountId, roleName) => {
    const p = one(`${SESSION}[profile root]\nsso_session = corp\n[profile p]\nrole_arn = ${arn}\nsource_profile = root\n`)
    expect(p).toMatchObject({ kind: 'chained', accountId, roleName, tokenKey: 'corp' })
  })

  it('a chained profile, every field, keeps its own region and takes the token of its root', () => {
    expect(
      one(
        `${SESSION}[profile root]\nsso_session = corp\nregion = eu-west-1\n[profile p]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = root\n`,
      ),
    ).toEqual({
      name: 'p',
      kind: 'chained',
      ssoSession: 'corp',
      startUrl: 'https://corp.awsapps.com/start',
      ssoRegion: 'us-east-1',
      accountId: '123456789012',
      roleName: 'A',
      region: null,
      sourceProfile: 'root',
      tokenKey: 'corp',
      tokenKind: 'sso-session',
      configError: null,
    })
  })

  it('source_profile without role_arn, or role_arn with a web identity, is no chain', () => {
    const p = resolve(
      `${SESSION}[profile root]\nsso_session = corp\n[profile a]\nsource_profile = root\nsso_session = corp\n[profile w]\nrole_arn = arn:aws:iam::123456789012:role/A\nweb_identity_token_file = /t\nsource_profile = root\n[profile r]\nrole_arn = arn:aws:iam::123456789012:role/A\n`,
    )
    expect(p.a).toMatchObject({ kind: 'sso-session', sourceProfile: null })
    expect(p.w).toMatchObject({ kind: 'other', tokenKey: null })
    expect(p.r).toMatchObject({ kind: 'other', tokenKey: null })
  })

  it('a hop with a web identity ends the chain there', () => {
    const p = one(
      `${SESSION}[profile root]\nsso_session = corp\n[profile w]\nrole_arn = arn:aws:iam::123456789012:role/W\nweb_identity_token_file = /t\nsource_profile = root\nsso_session = corp\n[profile p]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = w\n`,
    )
    expect(p).toMatchObject({ kind: 'chained', sourceProfile: 'w', tokenKey: 'corp' })
  })

  it('names the profile that references a missing source, also deeper in the chain', () => {
    const p = one('[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = ghost\n[profile p]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n')
    expect(p.configError).toBe('The source_profile "ghost" referenced in the profile "a" does not exist.')
  })

  it('a source_profile given as a nested value names an empty source', () => {
    expect(one('[profile p]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile =\n  x = y\n').configError).toBe(
      'The source_profile "" referenced in the profile "p" does not exist.',
    )
    expect(
      one('[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile =\n  x = y\n[profile p]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n')
        .configError,
    ).toBe('The source_profile "" referenced in the profile "a" does not exist.')
  })

  it('a loop that comes back to a profile other than the last one is a loop, static keys or not', () => {
    const text =
      '[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\naws_access_key_id = K\naws_secret_access_key = S\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = c\n[profile c]\nrole_arn = arn:aws:iam::1:role/C\nsource_profile = b\n'
    expect(one(text, 'a').configError).toBe(
      'Infinite loop in credential configuration detected. Attempting to load from profile b which has already been visited. Visited profiles: a, b, c',
    )
  })

  it('either static key is enough for a self-reference and ends the chain (botocore: any of the two)', () => {
    expect(one('[profile p]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = p\naws_access_key_id = K\n')).toMatchObject({
      kind: 'other',
      configError: null,
    })
    expect(one('[profile p]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = p\naws_secret_access_key = S\n')).toMatchObject({
      kind: 'other',
      configError: null,
    })
    const viaKeyed = one(
      `${SESSION}[profile k]\nrole_arn = arn:aws:iam::1:role/K\nsource_profile = k\naws_access_key_id = K\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[profile p]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = k\n`,
    )
    expect(viaKeyed).toMatchObject({ kind: 'chained', sourceProfile: 'k', tokenKey: 'corp', configError: null })
  })

  it('coming back to the first profile through another is a loop, though the first has static keys', () => {
    const text =
      '[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\naws_access_key_id = K\naws_secret_access_key = S\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n'
    expect(one(text, 'a').configError).toBe(
      'Infinite loop in credential configuration detected. Attempting to load from profile a which has already been visited. Visited profiles: a, b',
    )
  })

  it('a self-reference without static keys is a loop', () => {
    expect(one('[profile p]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = p\n').configError).toBe(
      'Infinite loop in credential configuration detected. Attempting to load from profile p which has already been visited. Visited profiles: p',
    )
  })

  it('a chain to a misconfigured SSO root carries the root’s error', () => {
    expect(one('[profile root]\nsso_start_url = u\n[profile p]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = root\n').configError).toBe(
      `source profile "root": ${missing('root', 'sso_region')}`,
    )
  })
})
