import { describe, expect, it } from 'vitest'
import { consoleLoginUrl, isLoopbackEndpoint, parseExportedCredentials, parseSigninToken, partitionFor, signinTokenUrl } from '../../src/core/console-signin.ts'

describe('console sign-in (pure)', () => {
  it('picks the partition by region', () => {
    expect(partitionFor('eu-west-1').federation).toBe('https://signin.aws.amazon.com/federation')
    expect(partitionFor('eu-west-1').console('eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1')
    expect(partitionFor('us-gov-west-1').federation).toBe('https://signin.amazonaws-us-gov.com/federation')
    expect(partitionFor('us-gov-west-1').console('us-gov-west-1')).toBe('https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1')
    expect(partitionFor('cn-north-1').federation).toBe('https://signin.amazonaws.cn/federation')
    expect(partitionFor('cn-north-1').console('cn-north-1')).toBe('https://console.amazonaws.cn/console/home?region=cn-north-1')
    // "us-gov" without the dash is not the GovCloud partition
    expect(partitionFor('usgov-1').federation).toBe('https://signin.aws.amazon.com/federation')
  })

  it('reads export-credentials output and refuses long-term keys', () => {
    const out = JSON.stringify({ Version: 1, AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: '2026-12-01T10:00:00+00:00' })
    expect(parseExportedCredentials(out)).toEqual({ accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't' })
    expect(parseExportedCredentials(JSON.stringify({ Version: 1, AccessKeyId: 'AKIA1', SecretAccessKey: 's' }))).toEqual({
      error: 'these are long-term keys: the console sign-in needs role (temporary) credentials',
    })
    expect(parseExportedCredentials('not json')).toEqual({ error: 'the AWS CLI printed no credentials' })
    expect(parseExportedCredentials('null')).toEqual({ error: 'the AWS CLI printed no credentials' })
    expect(parseExportedCredentials(JSON.stringify({ AccessKeyId: '', SecretAccessKey: 's', SessionToken: 't' }))).toEqual({
      error: 'the AWS CLI printed no credentials',
    })
  })

  it('refuses output missing a key id or secret, or with one that is not text, and an empty session token', () => {
    const none = { error: 'the AWS CLI printed no credentials' }
    const parse = (o: Record<string, unknown>) => parseExportedCredentials(JSON.stringify(o))
    expect(parse({ AccessKeyId: 'ASIA1', SessionToken: 't' })).toEqual(none)
    expect(parse({ AccessKeyId: 'ASIA1', SecretAccessKey: '', SessionToken: 't' })).toEqual(none)
    expect(parse({ AccessKeyId: 'ASIA1', SecretAccessKey: 5, SessionToken: 't' })).toEqual(none)
    expect(parse({ AccessKeyId: 5, SecretAccessKey: 's', SessionToken: 't' })).toEqual(none)
    expect(parse({ SecretAccessKey: 's', SessionToken: 't' })).toEqual(none)
    expect(parse({ AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: '' })).toEqual({
      error: 'these are long-term keys: the console sign-in needs role (temporary) credentials',
    })
    expect(parseExportedCredentials('5')).toEqual(none)
  })

  it('builds the getSigninToken and login URLs with every part encoded', () => {
    const u = new URL(signinTokenUrl('https://signin.aws.amazon.com/federation', { accessKeyId: 'A', secretAccessKey: 'k+/=', sessionToken: 't&x' }))
    expect(u.searchParams.get('Action')).toBe('getSigninToken')
    expect(JSON.parse(u.searchParams.get('Session') ?? '')).toEqual({ sessionId: 'A', sessionKey: 'k+/=', sessionToken: 't&x' })
    const login = new URL(consoleLoginUrl('https://signin.aws.amazon.com/federation', 'tok&en', 'https://x/console/home?region=eu-west-1'))
    expect([...login.searchParams.entries()]).toEqual([
      ['Action', 'login'],
      ['Issuer', 'aws-sso-tray'],
      ['Destination', 'https://x/console/home?region=eu-west-1'],
      ['SigninToken', 'tok&en'],
    ])
  })

  it('reads the sign-in token', () => {
    expect(parseSigninToken('{"SigninToken":"abc"}')).toBe('abc')
    expect(parseSigninToken('{"SigninToken":""}')).toBeUndefined()
    expect(parseSigninToken('<html>')).toBeUndefined()
    expect(parseSigninToken('{"SigninToken":5}')).toBeUndefined()
  })

  it('lets only loopback replace the endpoint', () => {
    expect(isLoopbackEndpoint('http://127.0.0.1:8080/federation')).toBe(true)
    expect(isLoopbackEndpoint('http://localhost/federation')).toBe(true)
    expect(isLoopbackEndpoint('http://[::1]:1/federation')).toBe(true)
    expect(isLoopbackEndpoint('https://localhost:8443/federation')).toBe(true)
    expect(isLoopbackEndpoint('ftp://127.0.0.1/federation')).toBe(false)
    expect(isLoopbackEndpoint('ws://localhost/federation')).toBe(false)
    expect(isLoopbackEndpoint('https://evil.example/federation')).toBe(false)
    expect(isLoopbackEndpoint('http://127.0.0.1.evil.example/')).toBe(false)
    expect(isLoopbackEndpoint('file:///etc/passwd')).toBe(false)
    expect(isLoopbackEndpoint('::')).toBe(false)
  })
})
