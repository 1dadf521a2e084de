import { describe, expect, it } from 'vitest'
import { statusLine } from '../../src/core/status-line.ts'
import type { TokenState } from '../../src/core/types.ts'

const NOW = Date.parse('2026-12-01T10:00:00Z')
const g = (name: string, state: TokenState, minutesLeft: number | null = null) => ({
  name,
  state,
  expiresAt: minutesLeft === null ? null : NOW + minutesLeft * 60_000,
})

describe('status line', () => {
  it('all usable, refreshable included', () => {
    expect(statusLine([g('corp', 'valid', 300), g('data', 'refreshable', 5)], 0, NOW)).toBe('aws ✓')
  })
  it('one session needing a login shows its name; more show a count', () => {
    expect(statusLine([g('corp', 'valid', 300), g('data', 'expired', -5)], 0, NOW)).toBe('aws ✕ data')
    expect(statusLine([g('corp', 'missing'), g('data', 'expired', -5), g('x', 'expiring', 3)], 0, NOW)).toBe('aws ✕ 2')
    expect(statusLine([g('corp', 'invalid')], 0, NOW)).toBe('aws ✕ corp')
  })
  it('the soonest expiring session, with how many more', () => {
    expect(statusLine([g('corp', 'expiring', 12), g('dev', 'expiring', 9.5), g('x', 'valid', 600)], 0, NOW)).toBe('aws ◐ dev 9m +1')
    expect(statusLine([g('dev', 'expiring', 9)], 0, NOW)).toBe('aws ◐ dev 9m')
  })
  it('a session needing action outranks configuration problems; those outrank all-good', () => {
    expect(statusLine([g('dev', 'expiring', 9)], 2, NOW)).toBe('aws ◐ dev 9m')
    expect(statusLine([g('dev', 'valid', 90)], 1, NOW)).toBe('aws ⚠')
    expect(statusLine([], 1, NOW)).toBe('aws ⚠')
  })
  it('legacy sessions go by the first label of their start URL; no SSO profiles print nothing', () => {
    expect(statusLine([g('https://my-sso-portal.awsapps.com/start', 'expired', -1)], 0, NOW)).toBe('aws ✕ my-sso-portal')
    expect(statusLine([], 0, NOW)).toBe('')
  })
  it('an http start URL is shortened too; an sso-session name is never shortened, even one holding a URL', () => {
    expect(statusLine([g('http://corp.awsapps.com/start', 'expired', -1)], 0, NOW)).toBe('aws ✕ corp')
    expect(statusLine([g('team-https://corp.awsapps.com', 'expired', -1)], 0, NOW)).toBe('aws ✕ team-https://corp.awsapps.com')
  })
  it('finds the soonest expiring session wherever it is listed', () => {
    const later = [g('a', 'expiring', 12), g('b', 'expiring', 11), g('c', 'expiring', 14), g('d', 'expiring', 3), g('e', 'expiring', 13)]
    expect(statusLine(later, 0, NOW)).toBe('aws ◐ d 3m +4')
  })
})
