// Line by line rules of the `aws sso login` output parser (the transcripts are in login-output.test.ts).

import { describe, expect, it } from 'vitest'
import { flushLoginOutput, initialLoginOutputState, isPkceUrl, parseLoginOutput, type LoginOutputState } from '../../src/aws/login-output.ts'

const lines = (text: string, state: LoginOutputState = initialLoginOutputState) => parseLoginOutput(state, text)

describe('login output, line by line', () => {
  it.each([
    'The pending authorization to retrieve an SSO token has expired. Restart.',
    'Error loading authorization code: boom',
    'Unable to initialize the OAuth 2.0 authorization callback handler: port in use',
    'Could not connect to the endpoint URL: "https://oidc.eu-west-1.amazonaws.com/token"',
    'Connect timeout on endpoint URL: "https://oidc.eu-west-1.amazonaws.com/token"',
    'Missing the following required SSO configuration values: sso_region',
    'The specified sso-session does not exist: "corp"',
    'The config profile (dev) could not be found',
    'An error occurred (InvalidGrantException) when calling the CreateToken operation: Invalid grant provided',
    'aws: error: argument --profile: expected one argument',
    'Unknown options: --no-browser',
  ])('reports the bare failure %j as it is', (line) => {
    expect(lines(`${line}\n`).events).toEqual([{ type: 'error', message: line }])
  })

  it.each([
    'x The pending authorization to retrieve an SSO token has expired.',
    'x Error loading authorization code: boom',
    'x Unable to initialize the OAuth 2.0 authorization callback handler',
    'x Could not connect to the endpoint URL: "u"',
    'x Connect timeout on endpoint URL: "u"',
    'x Missing the following required SSO configuration values: a',
    'x The specified sso-session does not exist: "c"',
    'x The config profile (dev) could not be found',
    'x An error occurred (E) when calling the CreateToken operation',
    'x aws: error: y',
    'x Unknown options: y',
    'x aws: [ERROR]: y',
    'An error occurred () when calling the CreateToken operation',
    'An error occurred (E) when calling the  operation',
    'Unable to initialize the OAuth 2X0 authorization callback handler',
    'Attempting to automatically open the SSO authorization page in your default browser.',
  ])('ignores %j (known texts count only at the start of a line)', (line) => {
    expect(lines(`${line}\n`).events).toEqual([])
  })

  it('drops the 2.34 prefix and the spaces after it', () => {
    expect(lines('aws: [ERROR]:    Token has expired\n').events).toEqual([{ type: 'error', message: 'Token has expired' }])
    expect(lines('  aws: [ERROR]: indented\n').events).toEqual([{ type: 'error', message: 'indented' }])
  })

  it('takes a URL only after its announcement, and only the first one', () => {
    expect(lines('https://device.sso.eu-west-1.amazonaws.com/\n').events).toEqual([])
    const first = lines('Please visit the following URL:\n\n  https://a.example/x?y=1  \n')
    expect(first.events).toEqual([{ type: 'url', url: 'https://a.example/x?y=1', flow: 'device' }])
    expect(first.state).toEqual({ pending: '', expect: 'none', sawUrl: true })
    expect(lines('Please visit the following URL:\nhttps://b.example/\n', first.state).events).toEqual([])
    expect(lines('Please visit the following URL:\nhttp://insecure.example/\n').events).toEqual([])
  })

  it('reads the user code only after its announcement, in the device-code shape', () => {
    const code = (line: string) => lines(`Then enter the code:\n\n${line}\n`).events
    expect(code('WDQK-RTLM')).toEqual([{ type: 'userCode', code: 'WDQK-RTLM' }])
    expect(code('ABCD')).toEqual([{ type: 'userCode', code: 'ABCD' }])
    expect(code('AB12-CD34-EF56')).toEqual([{ type: 'userCode', code: 'AB12-CD34-EF56' }])
    for (const bad of ['ABC', 'wdqk-rtlm', 'WDQK-RTL', 'WDQK RTLM', 'WDQK-', '-WDQK', 'xWDQK-RTLM', 'WDQK-RTLMx']) expect(code(bad)).toEqual([])
    expect(lines('WDQK-RTLM\n').events).toEqual([])
    const after = lines('Then enter the code:\nWDQK-RTLM\n')
    expect(after.state.expect).toBe('none')
    expect(lines('ABCD-EFGH\n', after.state).events).toEqual([])
  })

  it('counts an announcement only at the start of its line', () => {
    expect(lines('x Please visit the following URL:\nhttps://a.example/\n').events).toEqual([])
    expect(lines('x Then enter the code:\nWDQK-RTLM\n').events).toEqual([])
    expect(lines('x Alternatively, you may visit the following URL\nhttps://a.example/\n').events).toEqual([])
  })

  it('reads the complete URL after its announcement, once', () => {
    const r = lines('Alternatively, you may visit the following URL which will autofill the code upon loading:\nhttps://d.example/?user_code=AB\n')
    expect(r.events).toEqual([{ type: 'completeUrl', url: 'https://d.example/?user_code=AB' }])
    expect(r.state.expect).toBe('none')
    expect(lines('https://d.example/again\n', r.state).events).toEqual([])
  })

  it('reports success and the region update with their values', () => {
    const r = lines('Please visit the following URL:\nSuccessfully logged into Start URL: https://corp.awsapps.com/start extra\n')
    expect(r.events).toEqual([{ type: 'success', startUrl: 'https://corp.awsapps.com/start' }])
    expect(r.state.expect).toBe('none')
    expect(lines('SSO region updated to eu-west-1 from us-east-1\n').events).toEqual([{ type: 'regionUpdated', region: 'eu-west-1' }])
    expect(lines('x Successfully logged into Start URL: u\nx SSO region updated to r\n').events).toEqual([])
  })

  it('splits on CR, LF and CRLF, and keeps what follows the last break', () => {
    const r = lines('aws: [ERROR]: one\raws: [ERROR]: two\r\naws: [ERROR]: three\naws: [ERROR]: fo')
    expect(r.events.map((e) => (e.type === 'error' ? e.message : e.type))).toEqual(['one', 'two', 'three'])
    expect(r.state.pending).toBe('aws: [ERROR]: fo')
    expect(lines('ur\n', r.state).events).toEqual([{ type: 'error', message: 'four' }])
  })

  it('flushes a last line without a break, and nothing when there is none', () => {
    const r = lines('aws: [ERROR]: last words')
    expect(r.events).toEqual([])
    const flushed = flushLoginOutput(r.state)
    expect(flushed.events).toEqual([{ type: 'error', message: 'last words' }])
    expect(flushed.state.pending).toBe('')
    const idle = { pending: '', expect: 'code', sawUrl: true } as const
    expect(flushLoginOutput(idle)).toEqual({ state: idle, events: [] })
    expect(flushLoginOutput(idle).state).toBe(idle)
  })
})

describe('isPkceUrl', () => {
  it.each([
    ['https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=x&code_challenge=abc', true],
    ['https://oidc.us-east-1.amazonaws.com/authorize?code_challenge=abc', true],
    ['https://oidc.us-east-1.amazonaws.com/x?a=1&code_challenge=abc', true],
    ['https://oidc.us-east-1.amazonaws.com/authorize?client_id=x&response_type=code', true],
    ['https://device.sso.us-east-1.amazonaws.com/', false],
    ['https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH', false],
    ['https://oidc.us-east-1.amazonaws.com/x?xcode_challenge=abc', false],
    ['https://oidc.us-east-1.amazonaws.com/authorize?response_type=token', false],
    ['https://oidc.us-east-1.amazonaws.com/other?response_type=code', false],
  ])('%s → %s', (url, pkce) => {
    expect(isPkceUrl(url)).toBe(pkce)
  })
})
