import { describe, expect, it } from 'vitest'
import { decodeConfigBytes, parseConfigText } from '../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../src/aws/profile-map.ts'

const parse = (text: string) => parseConfigText(text, '/c')
const profilesOf = (text: string, creds?: string) => buildProfileMap(parse(text), creds === undefined ? undefined : parseConfigText(creds, '/creds')).profiles

describe('parseConfigText (configparser rules)', () => {
  it('keeps values verbatim: # ; and quotes stay', () => {
    const s = parse('[profile a]\nsso_start_url = https://x.awsapps.com/start#/\nk = "quoted" ; not a comment\n').sections
    expect(s.get('profile a')).toEqual({ sso_start_url: 'https://x.awsapps.com/start#/', k: '"quoted" ; not a comment' })
  })

  it('lowercases keys, accepts ":" as delimiter, splits on the first delimiter', () => {
    const s = parse('[p]\nSSO_Region: eu-west-1\nurl = https://a:b@c\n').sections.get('p')
    expect(s).toEqual({ sso_region: 'eu-west-1', url: 'https://a:b@c' })
  })

  it('treats only whole lines starting with # or ; as comments (even indented)', () => {
    const r = parse('# top\n[p]\n  ; indented comment\na = 1 # kept\n')
    expect(r.sections.get('p')).toEqual({ a: '1 # kept' })
    expect(r.fatal).toEqual([])
  })

  it('reads indented lines after an empty value as a nested sub-section', () => {
    const s = parse('[p]\ns3 =\n  addressing_style = path\n  Max_Concurrency = 10\nregion = x\n').sections.get('p')
    expect(s).toEqual({ s3: { addressing_style: 'path', Max_Concurrency: '10' }, region: 'x' })
  })

  it('joins indented continuation lines of a non-empty value', () => {
    expect(parse('[p]\na = one\n  two\n').sections.get('p')).toEqual({ a: 'one\ntwo' })
  })

  it('keeps blank lines inside a value only when a continuation line follows them (values from CPython)', () => {
    const text = '[a]\nkey = first\n\n  second\nx = 1\n\ny = 2\n  cont\n\n\n# c\n\n  more\nz = 3\n\n'
    expect(parse(text).sections.get('a')).toEqual({ key: 'first\n\nsecond', x: '1', y: '2\ncont\n\n\n\nmore', z: '3' })
  })

  it('reads key lines the same by the quick path and the general one (values from CPython)', () => {
    const text = '[s]\na = 1 \t\nb\t=\tx y\t\nc:=d\nE.x-Y_1 = \u00e9\nf = \u000bv\u000b\ng =\nh=  \ni = #x ;y\n'
    expect(parse(text).sections.get('s')).toEqual({ a: '1', b: 'x y', c: '=d', 'e.x-y_1': '\u00e9', f: 'v', g: '', h: '', i: '#x ;y' })
  })

  it('handles CRLF and lone CR line ends', () => {
    expect(parse('[p]\r\na = 1\r\nb = 2\rc = 3').sections.get('p')).toEqual({ a: '1', b: '2', c: '3' })
  })

  it('merges [DEFAULT] into every section', () => {
    const s = parse('[DEFAULT]\nregion = us-east-1\n[p]\na = 1\n[q]\nregion = eu\n').sections
    expect(s.get('p')).toEqual({ region: 'us-east-1', a: '1' })
    expect(s.get('q')).toEqual({ region: 'eu' })
    expect(s.has('DEFAULT')).toBe(false)
  })

  it('takes the header greedily up to the last ] and ignores text after it', () => {
    expect([...parse('[profile x]y]\n[profile z] trailing\n').sections.keys()]).toEqual(['profile x]y', 'profile z'])
  })

  it.each([
    ['duplicate section', '[p]\na = 1\n[p]\nb = 2\n', 3, 'duplicate section [p] (first at line 1; this one is ignored)'],
    ['duplicate key', '[p]\na = 1\nA = 2\n', 3, 'duplicate key "a" in [p]'],
    ['key before any section', 'a = 1\n[p]\n', 1, '"a = 1" appears before any [section] header'],
    ['line without delimiter', '[p]\njust words\n', 2, '"just words" is not a "key = value" line'],
    ['empty key', '[p]\n= v\n', 2, '"= v" has no key before "="'],
    ['nested line without =', '[p]\ns3 =\n  nonsense\n', 2, 'nested value of "s3" in [p] has a line without "=": "nonsense"'],
  ])('reports a %s as fatal with its line, and keeps reading', (_name, text, line, message) => {
    const r = parse(text)
    expect(r.fatal).toEqual([{ file: '/c', line, message }])
    expect(r.sections.has('p')).toBe(true)
  })

  it("keeps the earlier of two same-named sections and drops the repeat's keys, even ones it lacks", () => {
    const r = parse('[p]\na = 1\nb = 2\n[q]\nz = 0\n[p]\na = 9\nc = 3\n')
    expect(r.sections.get('p')).toEqual({ a: '1', b: '2' })
    expect(r.sections.get('q')).toEqual({ z: '0' })
    expect(r.fatal).toEqual([{ file: '/c', line: 6, message: 'duplicate section [p] (first at line 1; this one is ignored)' }])
  })

  it('reads a section-less BOM line as the CLI does (no header found)', () => {
    const r = parse('\uFEFF[default]\nregion = x\n')
    expect(r.fatal[0]?.line).toBe(1)
  })

  it('flags non-UTF-8 bytes with the line they are on', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('[p]\na = 1\nb = '), 0xff, 0x0a])
    const d = decodeConfigBytes(bytes, '/c')
    expect(d.fatal).toEqual([{ file: '/c', line: 3, message: 'the file is not valid UTF-8' }])
    expect(parse(d.text).sections.get('p')?.a).toBe('1')
  })

  it('reads a 50,000-section file', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `[profile p${i}]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n`).join('')
    expect(parse(text).sections.size).toBe(50_000)
  })
})

describe('buildProfileMap (botocore build_profile_map)', () => {
  it('reads names with shlex and drops names that are not exactly two words', () => {
    const names = [
      ...profilesOf('[profile team.dev]\n[profile "my dev"]\n[profile a b c]\n[profile "open]\n[profilefoo bar]\n[ profile x ]\n[default]\n[other]\n').keys(),
    ]
    expect(names).toEqual(['team.dev', 'my dev', 'bar', 'default'])
  })

  it('lets a later [default] or [profile default] replace the earlier one, keeping its position', () => {
    const p = profilesOf('[default]\na = 1\n[profile x]\n[profile default]\nb = 2\n')
    expect([...p.keys()]).toEqual(['default', 'x'])
    expect(p.get('default')).toEqual({ b: '2' })
  })

  it('merges the credentials file: its section names are profile names as written', () => {
    const p = profilesOf('[profile a]\nregion = x\n', '[a]\naws_access_key_id = K\n[profile b]\nk = v\n[c]\n')
    expect([...p.keys()]).toEqual(['a', 'profile b', 'c'])
    expect(p.get('a')).toEqual({ region: 'x', aws_access_key_id: 'K' })
  })
})
