import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { flushLoginOutput, initialLoginOutputState, parseLoginOutput, type LoginOutputEvent } from '../../src/aws/login-output.ts'

/** A transcript fixture without its `#` header (CLI version and command). */
function transcript(name: string): string {
  const text = readFileSync(path.join(import.meta.dirname, '../fixtures/aws-output', name), 'utf8')
  return text
    .split('\n')
    .filter((l, i, all) => !(l.startsWith('# ') && all.slice(0, i).every((p) => p.startsWith('# '))))
    .join('\n')
}

function feed(chunks: string[]): LoginOutputEvent[] {
  let state = initialLoginOutputState
  const events: LoginOutputEvent[] = []
  for (const c of chunks) {
    const r = parseLoginOutput(state, c)
    state = r.state
    events.push(...r.events)
  }
  events.push(...flushLoginOutput(state).events)
  return events
}

const chunkings: [string, (t: string) => string[]][] = [
  ['whole', (t) => [t]],
  ['byte by byte', (t) => [...t]],
  ['7-char chunks', (t) => t.match(/[\s\S]{1,7}/g) ?? []],
  [
    'split mid-URL',
    (t) => {
      const i = t.indexOf('amazonaws.com') + 5
      return [t.slice(0, i), t.slice(i)]
    },
  ],
  ['CRLF', (t) => [t.replace(/\n/g, '\r\n')]],
  ['CRLF split between CR and LF', (t) => t.replace(/\n/g, '\r\n').split(/(?<=\r)/)],
]

const DEVICE: LoginOutputEvent[] = [
  { type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/', flow: 'device' },
  { type: 'userCode', code: 'WDQK-RTLM' },
  { type: 'completeUrl', url: 'https://device.sso.us-east-1.amazonaws.com/?user_code=WDQK-RTLM' },
  { type: 'success', startUrl: 'https://my-sso-portal.awsapps.com/start' },
]

describe('parseLoginOutput', () => {
  it.each(chunkings)('device-code transcript (2.9.19), %s', (_n, chunk) => {
    expect(feed(chunk(transcript('device-2.9.19.txt')))).toEqual(DEVICE)
  })

  it.each(chunkings)('PKCE transcript (2.22.0), %s', (_n, chunk) => {
    const events = feed(chunk(transcript('pkce-2.22.0.txt')))
    expect(events.map((e) => e.type)).toEqual(['url', 'regionUpdated', 'success'])
    expect(events[0]).toMatchObject({ flow: 'pkce' })
    expect((events[0] as { url: string }).url).toMatch(/^https:\/\/oidc\.us-east-1\.amazonaws\.com\/authorize\?.*code_challenge=Qm9v\w+$/)
    expect(events[1]).toEqual({ type: 'regionUpdated', region: 'eu-west-1' })
  })

  it('reports the 2.34 error prefix without it', () => {
    const events = feed([transcript('error-expired-2.34.0.txt')])
    expect(events.at(-1)).toEqual({
      type: 'error',
      message: 'The pending authorization to retrieve an SSO token has expired. The login flow to retrieve an SSO token must be restarted.',
    })
  })

  // Recorded from the real CLI 2.9.19 (scripts/record-aws-output.mjs): bare messages on stderr, after a blank line.
  it.each(chunkings)('recorded denial (2.9.19, access_denied), %s', (_n, chunk) => {
    expect(feed(chunk(transcript('error-denied-2.9.19.txt')))).toEqual([
      ...DEVICE.slice(0, 3),
      { type: 'error', message: 'An error occurred (AccessDeniedException) when calling the CreateToken operation:' },
    ])
  })

  it.each(chunkings)('recorded expired device code (2.9.19, expired_token), %s', (_n, chunk) => {
    expect(feed(chunk(transcript('error-expired-2.9.19.txt')))).toEqual([
      ...DEVICE.slice(0, 3),
      {
        type: 'error',
        message: 'The pending authorization to retrieve an SSO token has expired. The device authorization flow to retrieve an SSO token must be restarted.',
      },
    ])
  })

  it('holds a URL back until its line ends', () => {
    const first = parseLoginOutput(initialLoginOutputState, 'Please visit the following URL:\n\nhttps://device.sso.us-east-1.amazon')
    expect(first.events).toEqual([])
    expect(parseLoginOutput(first.state, 'aws.com/\n').events).toEqual([{ type: 'url', url: 'https://device.sso.us-east-1.amazonaws.com/', flow: 'device' }])
  })

  it('accepts a device flow that prints no URL (pre-authorized client)', () => {
    expect(feed(['Successfully logged into Start URL: https://x.awsapps.com/start#/\n'])).toEqual([
      { type: 'success', startUrl: 'https://x.awsapps.com/start#/' },
    ])
  })

  it('recognises pre-2.34 bare error lines and v1 argument errors', () => {
    expect(feed(['\nThe config profile (nope) could not be found\n'])).toEqual([{ type: 'error', message: 'The config profile (nope) could not be found' }])
    expect(feed(['aws: error: argument operation: Invalid choice, valid choices are:\n'])[0]?.type).toBe('error')
  })

  it('ignores URLs outside the URL prompt', () => {
    expect(feed(['see https://example.com/docs for help\n'])).toEqual([])
  })
})

describe('login output state', () => {
  it('starts expecting nothing, and lines that prove nothing leave it so', () => {
    const r = parseLoginOutput(initialLoginOutputState, 'Attempting to open your default browser.\nhttps://example.com/not-after-a-prompt\n')
    expect(r).toEqual({ state: { pending: '', expect: 'none', sawUrl: false }, events: [] })
  })
})
