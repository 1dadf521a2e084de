import { describe, expect, it } from 'vitest'
import { pyStrip, shlexSplit } from '../../src/aws/py-text.ts'

describe('shlexSplit (Python shlex.split, posix)', () => {
  it.each([
    ['profile dev', ['profile', 'dev']],
    ['profile  x', ['profile', 'x']],
    ['profile "my dev"', ['profile', 'my dev']],
    ["profile 'a b'", ['profile', 'a b']],
    ['profile a b c', ['profile', 'a', 'b', 'c']],
    ['profilefoo bar', ['profilefoo', 'bar']],
    ['profile team.dev', ['profile', 'team.dev']],
    ['profile ""', ['profile', '']],
    ['profile a""b', ['profile', 'ab']],
    ['profile a\\ b', ['profile', 'a b']],
    ['profile "a\\"b"', ['profile', 'a"b']],
    ['profile "a\\xb"', ['profile', 'a\\xb']],
    ['profile dév', ['profile', 'dév']],
  ])('%s', (input, expected) => {
    expect(shlexSplit(input)).toEqual(expected)
  })

  it('returns undefined where Python raises ValueError', () => {
    expect(shlexSplit('profile "open')).toBeUndefined()
    expect(shlexSplit("profile 'open")).toBeUndefined()
    expect(shlexSplit('profile x\\')).toBeUndefined()
  })
})

describe('Python text helpers', () => {
  it('strip keeps a BOM, as Python does', () => {
    expect(pyStrip('\uFEFF[default] \r')).toBe('\uFEFF[default]')
    expect(pyStrip('\x1c a \x85')).toBe('a')
  })
})
