import { describe, expect, it } from 'vitest'
import { buildCheckResult } from '../../src/core/check-result.ts'

const id = { account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/Admin/me', userId: 'AROA:me' }

describe('buildCheckResult', () => {
  it('is healthy when sts answers and the token is usable (or there is no token to look at)', () => {
    for (const token of ['valid', 'expiring', 'refreshable', null] as const) {
      expect(buildCheckResult('dev', id, token)).toEqual({ name: 'dev', ok: true, account: id.account, arn: id.arn, tokenState: token, error: null })
    }
  })

  it('is not healthy when sts answered from cached role credentials but the token is gone', () => {
    for (const token of ['expired', 'missing', 'invalid'] as const) {
      expect(buildCheckResult('dev', id, token)).toEqual({
        name: 'dev',
        ok: false,
        account: id.account,
        arn: id.arn,
        tokenState: token,
        error: { class: 'auth-expired', message: `sts answered from cached role credentials, but the SSO token is ${token}: log in again` },
      })
    }
  })

  it('passes an sts failure through', () => {
    const failure = { class: 'network', message: 'Could not connect to the endpoint URL' } as const
    expect(buildCheckResult('dev', failure, 'valid')).toEqual({ name: 'dev', ok: false, account: null, arn: null, tokenState: 'valid', error: failure })
    expect(buildCheckResult('dev', failure, null)).toEqual({ name: 'dev', ok: false, account: null, arn: null, tokenState: null, error: failure })
  })

  it('explains a token failure by the corrupt cache file behind it', () => {
    const read = { state: 'invalid', problem: 'the token file does not hold a JSON object', cacheFile: '/h/.aws/sso/cache/ab.json' } as const
    for (const cls of ['auth-expired', 'cli-error'] as const) {
      expect(buildCheckResult('dev', { class: cls, message: "'ab'" }, read).error).toEqual({
        class: 'auth-expired',
        message: 'the token cache file /h/.aws/sso/cache/ab.json is unusable: the token file does not hold a JSON object: log in again to rewrite it',
      })
    }
    expect(buildCheckResult('dev', { class: 'cli-error', message: 'x' }, { ...read, cacheFile: null }).error?.message).toBe(
      'the token cache file is unusable: the token file does not hold a JSON object: log in again to rewrite it',
    )
  })

  it('adds no advice where the problem already says what to do', () => {
    for (const problem of [
      'the token file is not valid JSON (a new login rewrites it)',
      'the token file is empty (check again in a moment)',
      'no token: log in',
      'run a login',
    ]) {
      const read = { state: 'invalid', problem, cacheFile: '/c.json' } as const
      expect(buildCheckResult('dev', { class: 'auth-expired', message: 'x' }, read).error?.message).toBe(`the token cache file /c.json is unusable: ${problem}`)
    }
  })

  it('keeps the CLI message when the failure is not about the token, or the file is fine', () => {
    const read = { state: 'invalid', problem: 'the token file does not hold a JSON object', cacheFile: '/c.json' } as const
    const network = { class: 'network', message: 'timeout' } as const
    expect(buildCheckResult('dev', network, read).error).toEqual(network)
    const expired = { class: 'auth-expired', message: 'Token has expired' } as const
    expect(buildCheckResult('dev', expired, { ...read, state: 'expired' }).error).toEqual(expired)
    expect(buildCheckResult('dev', expired, { ...read, problem: null }).error).toEqual(expired)
    expect(buildCheckResult('dev', expired, null).error).toEqual(expired)
    expect(buildCheckResult('dev', expired, { ...read, state: 'expired' }).tokenState).toBe('expired')
  })
})
