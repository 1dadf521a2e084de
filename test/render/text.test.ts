import { describe, expect, it } from 'vitest'
import { displayWidth, inert, padEnd, truncate, wrap } from '../../src/render/text.ts'

describe('terminal text', () => {
  it('measures cells: ASCII one each, East Asian wide and emoji two, combining marks none', () => {
    expect(displayWidth('dev-admin')).toBe(9)
    expect(displayWidth('東京')).toBe(4)
    expect(displayWidth('prod-🚀')).toBe(7)
    expect(displayWidth('cafe\u0301')).toBe(4)
    expect(displayWidth('')).toBe(0)
  })

  it('cuts to a width with …, never splitting a wide character over the edge', () => {
    expect(truncate('corp-dev-administrator', 10)).toBe('corp-dev-…')
    expect(truncate('short', 10)).toBe('short')
    expect(truncate('東京東京', 5)).toBe('東京…')
    expect(displayWidth(truncate('東京東京', 6))).toBeLessThanOrEqual(6)
    expect(truncate('abc', 1)).toBe('…')
    expect(truncate('abc', 0)).toBe('')
  })

  it('pads by cells', () => {
    expect(padEnd('東京', 6)).toBe('東京  ')
    expect(padEnd('toolong', 3)).toBe('toolong')
  })

  it('wraps on spaces and cuts words longer than a line', () => {
    expect(wrap('sts answered from cached role credentials, but the SSO token is expired', 30)).toEqual([
      'sts answered from cached role',
      'credentials, but the SSO token',
      'is expired',
    ])
    expect(wrap('see /a/very/long/path/without/spaces here', 12)).toEqual(['see', '/a/very/long', '/path/withou', 't/spaces', 'here'])
    expect(wrap('', 10)).toEqual([''])
  })

  it('turns controls and bidi overrides into "?"', () => {
    expect(inert('a\x1b[31mb\rc\u202ed\u0085')).toBe('a?[31mb?c?d?')
    expect(inert('plain-name_1 東京')).toBe('plain-name_1 東京')
  })
})
