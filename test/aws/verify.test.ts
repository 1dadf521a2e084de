import { describe, expect, it } from 'vitest'
import { parseCallerIdentity, permissionSetOf, stsArgs } from '../../src/aws/verify.ts'
import { loginSessionName } from '../../src/login/session-name.ts'

describe('sts verification', () => {
  it('builds argv with region fallbacks and no pager or auto-prompt', () => {
    expect(stsArgs({ name: "x'; rm -rf ~ #", region: null, ssoRegion: 'eu-west-1' })).toEqual([
      'sts',
      'get-caller-identity',
      "--profile=x'; rm -rf ~ #",
      '--region',
      'eu-west-1',
      '--output',
      'json',
      '--no-cli-pager',
      '--no-cli-auto-prompt',
    ])
    expect(stsArgs({ name: 'p', region: null, ssoRegion: null })).toContain('us-east-1')
  })

  it('parses the identity and the permission set', () => {
    const id = parseCallerIdentity(
      '{\n "UserId": "AROAEXAMPLEID:jane@example.com",\n "Account": "111111111111",\n "Arn": "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane@example.com"\n}\n',
    )
    expect(id).toEqual({
      account: '111111111111',
      userId: 'AROAEXAMPLEID:jane@example.com',
      arn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane@example.com',
    })
    expect(permissionSetOf(id?.arn ?? '')).toBe('AdministratorAccess')
    expect(parseCallerIdentity('Account 1')).toBeUndefined()
  })
})

describe('parseCallerIdentity', () => {
  const full = { UserId: 'AROA:jane', Account: '111111111111', Arn: 'arn:aws:sts::111111111111:assumed-role/R/jane' }

  it.each(['UserId', 'Account', 'Arn'])('needs %s as a string', (key) => {
    expect(parseCallerIdentity(JSON.stringify({ ...full, [key]: undefined }))).toBeUndefined()
    expect(parseCallerIdentity(JSON.stringify({ ...full, [key]: 111111111111 }))).toBeUndefined()
    expect(parseCallerIdentity(JSON.stringify(full))).toEqual({ account: '111111111111', arn: full.Arn, userId: 'AROA:jane' })
  })

  it.each(['null', '[]', '"text"', '', '{'])('is undefined for %j', (stdout) => {
    expect(parseCallerIdentity(stdout)).toBeUndefined()
  })
})

describe('permissionSetOf', () => {
  it.each([
    ['arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/jane', 'ReadOnly'],
    ['arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Power_User_0123456789abcdef/jane', 'Power_User'],
    ['arn:aws:sts::111111111111:assumed-role/Deploy/jane', undefined],
    ['arn:aws:iam::111111111111:user/jane', undefined],
    ['arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcde/jane', undefined],
  ])('%s → %s', (arn, set) => {
    expect(permissionSetOf(arn)).toBe(set)
  })
})

describe('loginSessionName', () => {
  it('is tmux-safe, prefixed, and unique per token', () => {
    const a = loginSessionName('https://corp.awsapps.com/start#/')
    expect(a).toMatch(/^aws-sso-tray-corp_awsapps_com_start-[0-9a-f]{10}$/)
    expect(loginSessionName('$(touch /tmp/pwned); a.b:c')).toMatch(/^aws-sso-tray-touch_tmp_pwned_a_b_c-[0-9a-f]{10}$/)
    expect(loginSessionName('a.b')).not.toBe(loginSessionName('a:b'))
  })
})
