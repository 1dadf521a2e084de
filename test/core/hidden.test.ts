import { describe, expect, it } from 'vitest'
import { globMatch, isHidden } from '../../src/core/hidden.ts'

describe('isHidden', () => {
  it('matches names exactly and globs with * and ?', () => {
    const hide = ['sandbox-*', 'old-admin', 'team?-dev']
    expect(isHidden('sandbox-1', hide)).toBe(true)
    expect(isHidden('sandbox-', hide)).toBe(true)
    expect(isHidden('old-admin', hide)).toBe(true)
    expect(isHidden('team1-dev', hide)).toBe(true)
    expect(isHidden('team12-dev', hide)).toBe(false)
    expect(isHidden('my-sandbox-1', hide)).toBe(false)
    expect(isHidden('old-admin2', hide)).toBe(false)
    expect(isHidden('anything', [])).toBe(false)
  })

  it('is case-sensitive and reads no other syntax ([ ] . + stay literal)', () => {
    expect(isHidden('Sandbox-1', ['sandbox-*'])).toBe(false)
    expect(isHidden('a.b', ['a?b'])).toBe(true)
    expect(isHidden('axb', ['a.b'])).toBe(false)
    expect(isHidden('[x]', ['[x]'])).toBe(true)
    expect(isHidden('x', ['[x]'])).toBe(false)
  })

  it('handles several stars, a lone star and non-BMP characters', () => {
    expect(globMatch('*', '')).toBe(true)
    expect(globMatch('a*b*c', 'aXXbYYc')).toBe(true)
    expect(globMatch('a*b*c', 'aXXbYY')).toBe(false)
    expect(globMatch('**x', 'yyx')).toBe(true)
    expect(globMatch('?', '🚀')).toBe(true)
    expect(globMatch('', 'a')).toBe(false)
  })

  it('a star in the pattern is a wildcard even where the name has a literal star', () => {
    expect(globMatch('*b', '*xb')).toBe(true)
    expect(globMatch('a*c', 'a*bc')).toBe(true)
  })

  it('stays fast on patterns that make backtracking regexes explode', () => {
    // No timing assertion: the answer proves the matcher finished (a naive recursive one would not).
    expect(globMatch('*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false)
  })
})
