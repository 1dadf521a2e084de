// Terminal text measures for the tables: display width (wide East Asian characters and emoji
// take two cells, combining marks none), cutting with "…", word wrapping, and making hostile text
// (a profile named with escape sequences or bidi overrides) print as inert characters. Pure.

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const MARK = /^[\p{Mn}\p{Me}]$/u
const EMOJI = /^\p{Emoji_Presentation}$/u

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0
  // Combining marks, zero-width spaces and joiners, variation selectors.
  if ((cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) || MARK.test(ch)) return 0
  return isWide(cp) || EMOJI.test(ch) ? 2 : 1
}

/** Terminal cells `text` takes (no escape sequences expected: cells are measured before painting). */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length
  let width = 0
  for (const ch of text) width += charWidth(ch)
  return width
}

/** `text` cut to at most `width` cells, ending in "…" when anything was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text
  if (width <= 0) return ''
  let out = ''
  let used = 0
  for (const ch of text) {
    const w = charWidth(ch)
    if (used + w > width - 1) break
    out += ch
    used += w
  }
  return out + '…'
}

/** `text` padded with spaces to `width` cells. */
export function padEnd(text: string, width: number): string {
  const w = displayWidth(text)
  return w >= width ? text : text + ' '.repeat(width - w)
}

/**
 * Words of `text` on lines of at most `width` cells; a word longer than a line is cut into pieces
 * (paths and URLs have no spaces). At least one line, possibly empty.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    let rest = word
    const joined = line === '' ? rest : `${line} ${rest}`
    if (displayWidth(joined) <= width) {
      line = joined
      continue
    }
    if (line !== '') lines.push(line)
    line = ''
    while (displayWidth(rest) > width && width > 0) {
      const [head, tail] = splitAt(rest, width)
      lines.push(head)
      rest = tail
    }
    line = rest
  }
  lines.push(line)
  return lines
}

function splitAt(text: string, width: number): [string, string] {
  let used = 0
  let i = 0
  for (const ch of text) {
    const w = charWidth(ch)
    if (used + w > width && i > 0) break
    used += w
    i += ch.length
  }
  return [text.slice(0, i), text.slice(i)]
}

// C0 and C1 controls (escape sequences, carriage returns) and the bidi controls that reorder what
// follows them on screen.
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu

/** Text from config files as inert characters: each control shows as "?". */
export function inert(text: string): string {
  return PRINTABLE_ASCII.test(text) ? text : text.replace(UNSAFE, '?')
}
