import { describe, expect, it } from 'vitest'
import { colourEnabled, painter } from '../../src/render/colour.ts'

describe('colourEnabled', () => {
  it('is on for a terminal and off for a pipe', () => {
    expect(colourEnabled({}, true)).toBe(true)
    expect(colourEnabled({}, false)).toBe(false)
  })

  it('is off for NO_COLOR with any value, TERM=dumb and FORCE_COLOR=0', () => {
    for (const v of ['1', '0', 'true', 'anything']) expect(colourEnabled({ NO_COLOR: v }, true)).toBe(false)
    expect(colourEnabled({ TERM: 'dumb' }, true)).toBe(false)
    expect(colourEnabled({ FORCE_COLOR: '0' }, true)).toBe(false)
    expect(colourEnabled({ FORCE_COLOR: 'false' }, true)).toBe(false)
  })

  it('treats empty variables as unset (no-color.org)', () => {
    expect(colourEnabled({ NO_COLOR: '' }, true)).toBe(true)
    expect(colourEnabled({ FORCE_COLOR: '' }, false)).toBe(false)
  })

  it('is forced on by FORCE_COLOR=1 (or 2, 3, true), even in a pipe and over NO_COLOR and TERM=dumb', () => {
    for (const v of ['1', '2', '3', 'true']) expect(colourEnabled({ FORCE_COLOR: v }, false)).toBe(true)
    expect(colourEnabled({ FORCE_COLOR: '1', NO_COLOR: '1', TERM: 'dumb' }, false)).toBe(true)
  })
})

describe('painter', () => {
  it('wraps text in SGR codes only when on', () => {
    expect(painter(true)('red', 'FAIL')).toBe('\x1b[31mFAIL\x1b[0m')
    expect(painter(true)(['dim', 'green'], 'ok')).toBe('\x1b[2;32mok\x1b[0m')
    expect(painter(true)(null, 'x')).toBe('x')
    expect(painter(true)('red', '')).toBe('')
    expect(painter(false)('red', 'FAIL')).toBe('FAIL')
  })
})
