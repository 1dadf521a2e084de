// Each expected value here is what botocore's raw_config_parse (CPython 3.11 RawConfigParser plus
// botocore's nested values) returns for the same text; `fatal` lines are the lines CPython names
// in the error that makes the CLI refuse the file.

import { describe, expect, it } from 'vitest'
import { decodeConfigBytes, parseConfigText } from '../../src/aws/config-parse.ts'

const parse = (text: string) => parseConfigText(text, '/c')
const sectionsOf = (text: string) => Object.fromEntries(parse(text).sections)

describe('parseConfigText against CPython', () => {
  it.each([
    ['a last line without a line break', '[p]\na = 1', { p: { a: '1' } }],
    ['a header as the whole file', '[p]', { p: {} }],
    ['a blank first line', '\n[p]\na = 1\n', { p: { a: '1' } }],
    ['blank and whitespace-only lines around keys', '\n\n[p]\n\na = 1\n  \n', { p: { a: '1' } }],
    ['comment lines that hold a delimiter', '[p]\n# = x\n; : y\na = 1\n', { p: { a: '1' } }],
    ['keys with characters outside [A-Za-z0-9_.-]', '[p]\na/b= 1\nc.d-e_F:g\nh :=i\nj=k=l\n', { p: { 'a/b': '1', 'c.d-e_f': 'g', h: '=i', j: 'k=l' } }],
    ['spaces and tabs on either side of the delimiter', '[p]\na =1\nb\t:\t2\t\nc = x  y \nd= 4\n', { p: { a: '1', b: '2', c: 'x  y', d: '4' } }],
    ['a value with no space after the delimiter', '[p]\na=1\nb:2\nc =\nd:\n', { p: { a: '1', b: '2', c: '', d: '' } }],
    ['an indented key line right after a header (no value to continue)', '[p]\na = 1\n  two\n[q]\n  b = 2\n', { p: { a: '1\ntwo' }, q: { b: '2' } }],
    ['a key indented less than the line before it', '[p]\n  a = 1\nb = 2\n', { p: { a: '1', b: '2' } }],
    ['blank lines inside a nested value', '[p]\ns3 =\n\n  x = 1\n\n  y=2\n', { p: { s3: { x: '1', y: '2' } } }],
    ['a nested key split on its first "="', '[p]\ns3 =\n  a = b = c\n  d=\n', { p: { s3: { a: 'b = c', d: '' } } }],
    ['a value continued after a comment line', '[p]\na = 1\n# note\n  2\n', { p: { a: '1\n2' } }],
    ['a one-character comment line after a value', '[p]\na = 1\n#\nb = x\n;\n', { p: { a: '1', b: 'x' } }],
    ['a line indented by a no-break space continues the value', '[p]\na = 1\n\u00a0b = 2\n', { p: { a: '1\nb = 2' } }],
    ['a line indented by U+0085 or U+3000 continues the value', '[p]\na = 1\n\u0085b\n\u3000c\n', { p: { a: '1\nb\nc' } }],
    ['a nested line with an empty key', '[p]\ns3 =\n  = v\n', { p: { s3: { '': 'v' } } }],
  ])('%s', (_name, text, expected) => {
    const r = parse(text)
    expect(Object.fromEntries(r.sections)).toEqual(expected)
    expect(r.fatal).toEqual([])
  })

  it('merges DEFAULT wherever it stands, also a repeated one, and keeps own keys first', () => {
    expect(sectionsOf('[p]\na = 1\n[DEFAULT]\nb = 2\n')).toEqual({ p: { a: '1', b: '2' } })
    expect(sectionsOf('[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[p]\n')).toEqual({ p: { a: '1', b: '2' } })
    const p = parse('[DEFAULT]\nregion = r\nout = json\n[p]\nregion = own\n').sections.get('p') ?? {}
    expect(Object.entries(p)).toEqual([
      ['region', 'own'],
      ['out', 'json'],
    ])
  })

  it('merges a multi-line DEFAULT value as one value', () => {
    expect(sectionsOf('[DEFAULT]\na = x\n  y\n[p]\n[q]\nb = 1\n')).toEqual({ p: { a: 'x\ny' }, q: { b: '1', a: 'x\ny' } })
  })

  it('takes __proto__ as an ordinary key everywhere (Python keys are dictionary keys)', () => {
    const own = { value: 'x', enumerable: true, writable: true, configurable: true }
    const p = parse('[p]\n__proto__ = x\nconstructor = y\n').sections.get('p') ?? {}
    expect(Object.keys(p)).toEqual(['__proto__', 'constructor'])
    expect(Object.getOwnPropertyDescriptor(p, '__proto__')).toEqual(own)
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype)

    const fromDefault = parse('[DEFAULT]\n__proto__ = x\n[q]\nk = v\n').sections.get('q') ?? {}
    expect(Object.keys(fromDefault)).toEqual(['k', '__proto__'])
    expect(Object.getOwnPropertyDescriptor(fromDefault, '__proto__')).toEqual(own)

    const nested = parse('[p]\ns3 =\n  __proto__ = x\n').sections.get('p')?.s3 ?? {}
    expect(Object.keys(nested)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(nested, '__proto__')).toEqual(own)

    const continued = parse('[p]\n__proto__ = x\n  more\n').sections.get('p') ?? {}
    expect(Object.getOwnPropertyDescriptor(continued, '__proto__')).toEqual({ ...own, value: 'x\nmore' })
  })

  it('a repeated key: the fatal line is the repeat, and the last value stands whole (CPython with strict=False)', () => {
    const later = parse('[p]\na = one\n  two\nb = 1\na = three\n')
    expect(later.fatal).toEqual([{ file: '/c', line: 5, message: 'duplicate key "a" in [p]' }])
    expect(later.sections.get('p')).toEqual({ a: 'three', b: '1' })
    const continued = parse('[p]\na = one\na = two\n  three\n')
    expect(continued.fatal).toEqual([{ file: '/c', line: 3, message: 'duplicate key "a" in [p]' }])
    expect(continued.sections.get('p')).toEqual({ a: 'two\nthree' })
    // A repeat read by the general path (a non-ASCII value), after a multi-line value.
    const general = parse('[p]\na = one\n  two\na = thr\u00e9e\n')
    expect(general.sections.get('p')).toEqual({ a: 'thr\u00e9e' })
    expect(general.fatal).toEqual([{ file: '/c', line: 4, message: 'duplicate key "a" in [p]' }])
  })

  it('a repeated section: continuation lines there do not reach the first one', () => {
    const r = parse('[p]\na = 1\n[p]\na = 2\n  more\nb = 3\n')
    expect(r.sections.get('p')).toEqual({ a: '1' })
    expect(r.fatal).toEqual([{ file: '/c', line: 3, message: 'duplicate section [p] (first at line 1; this one is ignored)' }])
  })

  it.each([
    ['a line before any header', 'x\n[p]\n', 1, '"x" appears before any [section] header'],
    ['an indented line before any header', '  a = 1\n[p]\n', 1, '"a = 1" appears before any [section] header'],
    ['a colon with no key', '[p]\n: v\n', 2, '": v" has no key before ":"'],
    ['a bare delimiter', '[p]\n=\n', 2, '"=" has no key before "="'],
    ['a line without a delimiter after a key', '[p]\na = 1\njust words\n', 3, '"just words" is not a "key = value" line'],
    ['a colon before "="', '[p]\n:a=b\n', 2, '":a=b" has no key before ":"'],
    ['"=" before a colon', '[p]\n=a:b\n', 2, '"=a:b" has no key before "="'],
  ])('reports %s with its line', (_name, text, line, message) => {
    expect(parse(text).fatal).toEqual([{ file: '/c', line, message }])
  })

  // The CLI refuses such a file; what we still show: the bad line ends the value before it, so an
  // indented key after it is read as a key (CPython would glue it onto that value).
  it('a line without a delimiter ends the value before it: the next indented line is no continuation', () => {
    const r = parse('[p]\na = 1\n  words\nno delimiter\n  b = 2\n')
    expect(r.sections.get('p')).toEqual({ a: '1\nwords', b: '2' })
    expect(r.fatal).toEqual([{ file: '/c', line: 4, message: '"no delimiter" is not a "key = value" line' }])
  })

  it('reports a nested line without "=" at the line of its key, once per such line', () => {
    const r = parse('[p]\nregion = x\ns3 =\n  a = 1\n  nonsense\n  more nonsense\n')
    expect(r.fatal).toEqual([
      { file: '/c', line: 3, message: 'nested value of "s3" in [p] has a line without "=": "nonsense"' },
      { file: '/c', line: 3, message: 'nested value of "s3" in [p] has a line without "=": "more nonsense"' },
    ])
    expect(r.sections.get('p')).toEqual({ region: 'x', s3: { a: '1' } })
  })
})

describe('decodeConfigBytes', () => {
  const BOM = [0xef, 0xbb, 0xbf]
  const utf8 = (s: string) => [...new TextEncoder().encode(s)]

  it('keeps a byte-order mark as a character, as Python reads it', () => {
    expect(decodeConfigBytes(new Uint8Array([...BOM, ...utf8('[p]\n')]), '/c')).toEqual({ text: '\uFEFF[p]\n', fatal: [] })
  })

  it('keeps the byte-order mark of a file with a bad byte, and names the bad byte’s line (any line end)', () => {
    const d = decodeConfigBytes(new Uint8Array([...BOM, ...utf8('[p]\r\na = 1\rb = 2\nc = '), 0xc3, 0x28, 0x0a]), '/c')
    expect(d.text.startsWith('\uFEFF[p]')).toBe(true)
    expect(d.fatal).toEqual([{ file: '/c', line: 4, message: 'the file is not valid UTF-8' }])
  })

  it('a bad byte on the first line is line 1', () => {
    expect(decodeConfigBytes(new Uint8Array([0xff, ...utf8('[p]\n')]), '/x').fatal).toEqual([{ file: '/x', line: 1, message: 'the file is not valid UTF-8' }])
  })
})
