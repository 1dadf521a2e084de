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

  it('final events end a request', () => {
    expect(['verified', 'failed', 'declined'].every((type) => isFinal({ type } as never))).toBe(true)
    expect(['requested', 'url', 'code', 'success', 'note', 'usable'].some((type) => isFinal({ type } as never))).toBe(false)
    expect(parseEnsureEvent('{"type":"url","url":"u","flow":"device"}')).toEqual({ type: 'url', url: 'u', flow: 'device' })
    expect(parseEnsureEvent('nope')).toBeUndefined()
    expect(parseEnsureEvent('{"no":"type"}')).toBeUndefined()
  })

  it('names who asks, with the home folder as ~ and no control characters', () => {
    expect(describeRequester({ program: 'claude', cwd: '/home/u/src/app', pid: 1 }, '/home/u')).toBe('claude in ~/src/app')
    expect(describeRequester({ program: 'bash', cwd: '/home/u', pid: 1 }, '/home/u')).toBe('bash in ~')
    expect(describeRequester({ program: 'bash', cwd: '/home/user2/x', pid: 1 }, '/home/u')).toBe('bash in /home/user2/x')
    expect(describeRequester({ program: 'evil\u001b[2J\u202e', cwd: '', pid: 1 }, '/home/u')).toBe('evil[2J')
  })
})
