import { describe, expect, it } from 'vitest'
import { describeRequester, isFinal, parseEnsureEvent, parseEnsureRequest } from '../../src/core/ensure-protocol.ts'

describe('ensure protocol', () => {
  it('accepts a well-formed request and bounds its texts', () => {
    expect(parseEnsureRequest(JSON.stringify({ type: 'ensure', profile: 'dev', requester: { program: 'claude', cwd: '/w', pid: 7 } }))).toEqual({
      type: 'ensure',
      profile: 'dev',
      requester: { program: 'claude', cwd: '/w', pid: 7 },
    })
    const long = parseEnsureRequest(JSON.stringify({ type: 'ensure', profile: 'dev', requester: { program: 'p'.repeat(300), cwd: 3, pid: 1.5 } }))
    expect(long).toEqual({ type: 'ensure', profile: 'dev', requester: { program: 'p'.repeat(256), cwd: '', pid: 0 } })
  })

  it('refuses anything else, saying what', () => {
    expect(parseEnsureRequest('{')).toEqual({ error: 'not JSON' })
    expect(parseEnsureRequest('7')).toEqual({ error: 'not an object' })
    expect(parseEnsureRequest('{"type":"login","profile":"x","requester":{}}')).toEqual({ error: 'unknown request type' })
    expect(parseEnsureRequest('{"type":"ensure","profile":"","requester":{}}')).toEqual({ error: 'bad profile' })
    expect(parseEnsureRequest(JSON.stringify({ type: 'ensure', profile: 'x'.repeat(4097), requester: {} }))).toEqual({ error: 'bad profile' })
    expect(parseEnsureRequest('{"type":"ensure","profile":"x"}')).toEqual({ error: 'no requester' })
  })

  it('refuses null, a profile that is not text, and a null requester', () => {
    expect(parseEnsureRequest('null')).toEqual({ error: 'not an object' })
    expect(parseEnsureRequest(JSON.stringify({ type: 'ensure', profile: 5, requester: {} }))).toEqual({ error: 'bad profile' })
    expect(parseEnsureRequest(JSON.stringify({ type: 'ensure', profile: 'x', requester: null }))).toEqual({ error: 'no requester' })
  })

  it('takes a profile of exactly 4096 characters, cuts the folder at 4096, and names a missing program', () => {
    const r = parseEnsureRequest(JSON.stringify({ type: 'ensure', profile: 'x'.repeat(4096), requester: { cwd: `/${'d'.repeat(5000)}`, pid: 3 } }))
    expect(r).toEqual({ type: 'ensure', profile: 'x'.repeat(4096), requester: { program: 'unknown program', cwd: `/${'d'.repeat(4095)}`, pid: 3 } })
  })

  it('final events end a request', () => {
    expect(['verified', 'failed', 'declined'].every((type) => isFinal({ type } as never))).toBe(true)
    expect(['requested', 'url', 'code', 'success', 'note', 'usable'].some((type) => isFinal({ type } as never))).toBe(false)
    expect(parseEnsureEvent('{"type":"url","url":"u","flow":"device"}')).toEqual({ type: 'url', url: 'u', flow: 'device' })
    expect(parseEnsureEvent('nope')).toBeUndefined()
    expect(parseEnsureEvent('{"no":"type"}')).toBeUndefined()
    for (const line of ['5', 'null', '"url"', '{"type":5}']) expect(parseEnsureEvent(line), line).toBeUndefined()
  })

  it('names who asks, with the home folder as ~ and no control characters', () => {
    expect(describeRequester({ program: 'claude', cwd: '/home/u/src/app', pid: 1 }, '/home/u')).toBe('claude in ~/src/app')
    expect(describeRequester({ program: 'bash', cwd: '/home/u', pid: 1 }, '/home/u')).toBe('bash in ~')
    expect(describeRequester({ program: 'bash', cwd: '/home/user2/x', pid: 1 }, '/home/u')).toBe('bash in /home/user2/x')
    expect(describeRequester({ program: 'evil\u001b[2J\u202e', cwd: '', pid: 1 }, '/home/u')).toBe('evil[2J')
  })
})
