// Every expected value below is what CPython 3.11 returns for the same input (str.strip,
// str.rstrip, re.search(r'\S'), str.splitlines, shlex.split); null = shlex raises ValueError.

import { describe, expect, it } from 'vitest'
import { firstNonSpace, pyRstrip, pySplitLines, pyStrip, shlexSplit } from '../../src/aws/py-text.ts'

const STRIP: Array<[string, string, string]> = [
  ['', '', ''],
  [' ', '', ''],
  ['\t\n\u000b\f\r', '', ''],
  ['a', 'a', 'a'],
  [' a ', 'a', ' a'],
  ['\ba\b', '\ba\b', '\ba\b'],
  ['\u000ea\u000e', '\u000ea\u000e', '\u000ea\u000e'],
  ['\u001ba\u001b', '\u001ba\u001b', '\u001ba\u001b'],
  ['\u001ca\u001c', 'a', '\u001ca'],
  ['\u001fa\u001f', 'a', '\u001fa'],
  ['!a!', '!a!', '!a!'],
  ['\u007fa\u007f', '\u007fa\u007f', '\u007fa\u007f'],
  ['\u0080a\u0080', '\u0080a\u0080', '\u0080a\u0080'],
  ['\u0085a\u0085', 'a', '\u0085a'],
  ['\u00a0a\u00a0', 'a', '\u00a0a'],
  ['\u1680a\u1680', 'a', '\u1680a'],
  ['\u2000a\u200a', 'a', '\u2000a'],
  ['\u200ba\u200b', '\u200ba\u200b', '\u200ba\u200b'],
  ['\u2028a\u2029', 'a', '\u2028a'],
  ['\u202fa\u205f', 'a', '\u202fa'],
  ['\u3000a\u3000', 'a', '\u3000a'],
  ['\ufeffa\ufeff', '\ufeffa\ufeff', '\ufeffa\ufeff'],
  [' \u00a0 a b \u00a0 ', 'a b', ' \u00a0 a b'],
  ['\u00a0', '', ''],
  [' \u0085 ', '', ''],
  ['\u00e9 ', '\u00e9', '\u00e9'],
  [' \u00e9', '\u00e9', ' \u00e9'],
  ['\u00a0x', 'x', '\u00a0x'],
  ['x\u00a0', 'x', 'x'],
  ['a \u00a0b', 'a \u00a0b', 'a \u00a0b'],
]

const FIRST: Array<[string, number]> = [
  ['', -1],
  ['   ', -1],
  ['  a', 2],
  ['\u00a0a', 1],
  ['\u0085 a', 2],
  ['a', 0],
  [' \u00a0', -1],
  ['\u001f\u001ca', 2],
  ['\u0080', 0],
  [' \u3000b', 2],
]

const LINES: Array<[string, string[]]> = [
  ['', []],
  ['\n', ['']],
  ['a', ['a']],
  ['a\nb', ['a', 'b']],
  ['a\r\nb', ['a', 'b']],
  ['a\rb', ['a', 'b']],
  ['a\u000bb', ['a', 'b']],
  ['a\fb', ['a', 'b']],
  ['a\u001cb', ['a', 'b']],
  ['a\u001db', ['a', 'b']],
  ['a\u001eb', ['a', 'b']],
  ['a\u001fb', ['a\u001fb']],
  ['a\u0085b', ['a', 'b']],
  ['a\u2028b', ['a', 'b']],
  ['a\u2029b', ['a', 'b']],
  ['a\n', ['a']],
  ['a\n\n', ['a', '']],
  ['a\r\n\r\nb', ['a', '', 'b']],
  ['\n\nx', ['', '', 'x']],
  ['a\r', ['a']],
  ['a\n\r', ['a', '']],
]

const SHLEX: Array<[string, string[] | null]> = [
  ['', []],
  ['   ', []],
  ['a', ['a']],
  [' a  b ', ['a', 'b']],
  ['a\tb\nc\rd', ['a', 'b', 'c', 'd']],
  ["a'b'c", ['abc']],
  ['a"b"c', ['abc']],
  ["''", ['']],
  ['""', ['']],
  ["'' x", ['', 'x']],
  ['x ""', ['x', '']],
  ['\\a', ['a']],
  ['a\\ b', ['a b']],
  ['\\\\', ['\\']],
  ['"\\\\"', ['\\']],
  ['"\\$"', ['\\$']],
  ['"a\\nb"', ['a\\nb']],
  ["'a\\b'", ['a\\b']],
  ["a'\"'b", ['a"b']],
  ['a"\'"b', ["a'b"]],
  ['"a b" c', ['a b', 'c']],
  ["x 'y z' w", ['x', 'y z', 'w']],
  ["a\\'b", ["a'b"]],
  ['\\"', ['"']],
  ['"x"y', ['xy']],
  ['\'x\'"y"', ['xy']],
  ['a""', ['a']],
  ['""a', ['a']],
  ["'a' 'b'", ['a', 'b']],
  ["a'' b", ['a', 'b']],
  ['a\\\tb', ['a\tb']],
  ['\u000bx\fy', ['\u000bx\fy']],
  ['a\u00a0b', ['a\u00a0b']],
  ['a\\', null],
  ['"a', null],
  ["'a", null],
  ['"a\\"', null],
  ['x \\', null],
  ['a b\\', null],
  ["'\\'", ['\\']],
  ['" \\" "', [' " ']],
  [' "" ', ['']],
  ['""""', ['']],
  ["''''", ['']],
  ['profile "a" ', ['profile', 'a']],
  ['"a b"\t', ['a b']],
]

describe('Python text semantics, vector by vector', () => {
  it.each(STRIP)('strip/rstrip %j', (input, stripped, rstripped) => {
    expect(pyStrip(input)).toBe(stripped)
    expect(pyRstrip(input)).toBe(rstripped)
  })

  it.each(FIRST)('first non-space of %j is %i', (input, index) => {
    expect(firstNonSpace(input)).toBe(index)
  })

  it.each(LINES)('splitlines %j', (input, lines) => {
    expect(pySplitLines(input)).toEqual(lines)
  })

  it.each(SHLEX)('shlex.split %j', (input, words) => {
    expect(shlexSplit(input)).toEqual(words ?? undefined)
  })
})
