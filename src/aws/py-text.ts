// Python string semantics that botocore's parser depends on. JavaScript's trim()/\s differ:
// they strip U+FEFF (so a BOM would vanish) and miss \x1c-\x1f and \x85.

const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const LEADING = new RegExp(`^[${PY_SPACE}]+`)
const TRAILING = new RegExp(`[${PY_SPACE}]+$`)
const NON_SPACE = new RegExp(`[^${PY_SPACE}]`)

// Fast paths: config lines are nearly always ASCII, so check code points before any regex.
const isAsciiSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)
const isOther = (c: number): boolean => c > 127

/** Python's str.strip() with no arguments. */
export function pyStrip(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && isAsciiSpace(s.charCodeAt(a))) a++
  while (b > a && isAsciiSpace(s.charCodeAt(b - 1))) b--
  const t = a === 0 && b === s.length ? s : s.slice(a, b)
  if (t.length > 0 && (isOther(t.charCodeAt(0)) || isOther(t.charCodeAt(t.length - 1)))) {
    return t.replace(LEADING, '').replace(TRAILING, '')
  }
  return t
}

/** Python's str.rstrip() with no arguments. */
export function pyRstrip(s: string): string {
  let b = s.length
  while (b > 0 && isAsciiSpace(s.charCodeAt(b - 1))) b--
  const t = b === s.length ? s : s.slice(0, b)
  return t.length > 0 && isOther(t.charCodeAt(t.length - 1)) ? t.replace(TRAILING, '') : t
}

/** Index of the first non-whitespace character (Python's re `\S`), or -1. */
export function firstNonSpace(s: string): number {
  let i = 0
  while (i < s.length && isAsciiSpace(s.charCodeAt(i))) i++
  if (i === s.length) return -1
  return isOther(s.charCodeAt(i)) ? s.search(NON_SPACE) : i
}

/** Python's str.splitlines() (no keepends). */
export function pySplitLines(s: string): string[] {
  // eslint-disable-next-line no-control-regex -- Python's line boundaries include \x1c-\x1e
  const lines = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

// Module constants: a regex literal inside a function is a new object on every call (once per
// section name here).
const SHLEX_SPECIAL = /['"\\]/
const SHLEX_SPACE = /[ \t\r\n]+/

/**
 * Python's shlex.split(s) (posix mode, no comments). Returns undefined where Python raises
 * ValueError (unbalanced quote, trailing backslash); botocore then drops the section.
 */
export function shlexSplit(s: string): string[] | undefined {
  // Without quotes or backslashes, posix shlex is a plain whitespace split.
  if (!SHLEX_SPECIAL.test(s)) return s.split(SHLEX_SPACE).filter((w) => w !== '')
  const WS = ' \t\r\n'
  const out: string[] = []
  let token = ''
  let quoted = false
  let state: 'ws' | 'word' | "'" | '"' | 'esc' = 'ws'
  let escFrom: 'word' | '"' = 'word'
  for (const ch of s) {
    switch (state) {
      case 'ws':
        if (WS.includes(ch)) continue
        if (ch === '\\') {
          escFrom = 'word'
          state = 'esc'
        } else if (ch === "'" || ch === '"') {
          state = ch
          quoted = true
        } else {
          token = ch
          state = 'word'
        }
        break
      case 'word':
        if (WS.includes(ch)) {
          out.push(token)
          token = ''
          quoted = false
          state = 'ws'
        } else if (ch === "'" || ch === '"') {
          state = ch
          quoted = true
        } else if (ch === '\\') {
          escFrom = 'word'
          state = 'esc'
        } else token += ch
        break
      case "'":
        if (ch === "'") state = 'word'
        else token += ch
        break
      case '"':
        if (ch === '"') state = 'word'
        else if (ch === '\\') {
          escFrom = '"'
          state = 'esc'
        } else token += ch
        break
      case 'esc':
        // Inside double quotes only \" and \\ are escapes; elsewhere the backslash stays.
        if (escFrom === '"' && ch !== '"' && ch !== '\\') token += '\\'
        token += ch
        state = escFrom
        break
    }
  }
  if (state === "'" || state === '"' || state === 'esc') return undefined
  if (state === 'word' && (token !== '' || quoted)) out.push(token)
  return out
}
