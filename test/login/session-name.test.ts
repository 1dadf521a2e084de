import { describe, expect, it } from 'vitest'
import { isLoginSessionName, loginSessionName, SESSION_PREFIX } from '../../src/login/session-name.ts'

// Hash suffixes: the first 10 hex digits of SHA-1 of the whole key (checked with node:crypto).
describe('loginSessionName: every character class of a hostile key', () => {
  it.each([
    ['a start URL: scheme dropped, the rest joined by one _', 'https://corp.awsapps.com/start#/', 'aws-sso-tray-corp_awsapps_com_start-89299b9a05'],
    ['http:// is dropped too', 'http://corp.example', 'aws-sso-tray-corp_example-86894318d6'],
    ['another scheme is kept as text', 'ftp://corp.example', 'aws-sso-tray-ftp_corp_example-985fd91ee5'],
    ['a scheme only at the start', 'xhttps://a', 'aws-sso-tray-xhttps_a-e6264e15c4'],
    ['only one scheme is dropped, and only in lower case', 'https://HTTPS://a', 'aws-sso-tray-HTTPS_a-5a205df280'],
    ['letters, digits, _ and - at the ends of their ranges are kept', 'AZaz09_-', 'aws-sso-tray-AZaz09_--f2bb8bede6'],
    ['the characters next to those ranges are not', 'a@b[c`d{e/f:g', 'aws-sso-tray-a_b_c_d_e_f_g-e543df2f2d'],
    ['tmux syntax (. :), shell syntax, spaces and a line break', 'a.b:c d$e/f', 'aws-sso-tray-a_b_c_d_e_f-51a8d9e72a'],
    ['a line break', 'a\nb', 'aws-sso-tray-a_b-fcd127ffa1'],
    ['a run of unsafe characters is one _', 'a..b', 'aws-sso-tray-a_b-89cf32c348'],
    ['non-ASCII is unsafe', 'aé😀b', 'aws-sso-tray-a_b-50ca4a8159'],
    ['_ runs are trimmed at both ends, kept inside', '__a__b__', 'aws-sso-tray-a__b-d261c0b4a4'],
    ['- at the ends is kept', '-a-', 'aws-sso-tray--a--e62b78f78a'],
    ['nothing readable left: only the hash tells it apart', 'é', 'aws-sso-tray--bf15be717a'],
    ['an empty key', '', 'aws-sso-tray--da39a3ee5e'],
    ['the readable part is cut at 24 characters', '0123456789abcdefghijklmnopqrstuvwxyz', 'aws-sso-tray-0123456789abcdefghijklmn-a26704c04f'],
  ])('%s', (_what, key, expected) => {
    expect(loginSessionName(key)).toBe(expected)
  })

  it('keys that read alike still get names of their own (the hash is of the whole key)', () => {
    expect(loginSessionName('a.b')).not.toBe(loginSessionName('a:b'))
    expect(loginSessionName('https://a')).not.toBe(loginSessionName('http://a'))
  })
})

describe('isLoginSessionName', () => {
  it.each([
    [SESSION_PREFIX + 'corp-0123456789', true],
    ['aws-sso-tray-', true],
    ['aws-sso-tray', false],
    ['x-aws-sso-tray-corp', false],
    ['AWS-SSO-TRAY-corp', false],
    ['main', false],
    ['', false],
  ])('%j → %s', (name, expected) => {
    expect(isLoginSessionName(name)).toBe(expected)
  })
})
