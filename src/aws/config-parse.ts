// A reader for AWS config and credentials files that follows botocore's `raw_config_parse`:
// Python's RawConfigParser (strict, '=' and ':' delimiters, whole-line '#'/';' comments,
// indented continuation lines, a DEFAULT section merged into every section) plus botocore's
// one level of "sub-section" values. Where Python refuses the whole file we record a fatal
// issue with its line and keep reading, so callers can still show what is there.

import { firstNonSpace, pyRstrip, pySplitLines, pyStrip } from './py-text.ts'

export type ConfigValue = string | Readonly<Record<string, string>>
export type Section = Record<string, ConfigValue>

export interface ConfigIssue {
  file: string
  line: number
  message: string
}

export interface ParsedConfig {
  /** Section name (verbatim) → keys, in file order. DEFAULT is merged in, not listed. */
  sections: Map<string, Section>
  /** Problems that make the AWS CLI refuse the whole file. Empty when the CLI accepts it. */
  fatal: ConfigIssue[]
}

const SECTION = /^\[(.+)\]/s
// A key of name characters at the start of a line, '=' or ':', and printable ASCII with no
// whitespace at either end (Python's strip() would remove nothing else from it); spaces and tabs
// around the delimiter and at the end of the line.
const PLAIN_OPTION = /([A-Za-z0-9_.-]+)[ \t]*[=:][ \t]*((?:[!-~](?:[ -~]*[!-~])?)?)[ \t]*(?:\n|$)/y
const DEFAULT_SECTION = 'DEFAULT'

interface RawOption {
  values: string[]
  line: number
  section: string
}

/** Decodes file bytes as Python would (UTF-8, no BOM skipping). Bad bytes become U+FFFD plus an issue. */
export function decodeConfigBytes(bytes: Uint8Array, file: string): { text: string; fatal: ConfigIssue[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), fatal: [] }
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    const bad = text.indexOf('\uFFFD')
    const line = text.slice(0, Math.max(0, bad)).split(/\r\n|\r|\n/).length
    return { text, fatal: [{ file, line, message: 'the file is not valid UTF-8' }] }
  }
}

export function parseConfigText(text: string, file: string): ParsedConfig {
  const fatal: ConfigIssue[] = []
  const sections = new Map<string, Section>()
  const sectionLines = new Map<string, number>()
  const defaults: Section = {}
  // Values that spread over several lines; rare, so single-line values go straight into sections.
  const multi = new Map<Section, Map<string, RawOption>>()
  let current: Section | undefined
  let sectionName = ''
  let optKey: string | undefined
  let optLine = 0
  let indentLevel = 0
  // Blank lines since the last value line: part of the value only if a continuation line follows
  // (Python appends them and strips them off at the end), so most are never stored.
  let blanks = 0
  const append = (section: Section, key: string, part: string): void => {
    let bySection = multi.get(section)
    if (!bySection) multi.set(section, (bySection = new Map<string, RawOption>()))
    let opt = bySection.get(key)
    if (!opt) bySection.set(key, (opt = { values: [section[key] as string], line: optLine, section: sectionName }))
    opt.values.push(part)
  }

  const addOption = (section: Section, key: string, value: string, lineNo: number): void => {
    if (Object.hasOwn(section, key)) {
      fatal.push({ file, line: lineNo, message: `duplicate key "${key}" in [${sectionName}]` })
      multi.get(section)?.delete(key)
    }
    setOwn<ConfigValue>(section, key, value)
    optKey = key
    optLine = lineNo
  }

  // Universal newlines, then native indexOf per line: this loop runs cold (interpreted) on every
  // uncached `status`, so it avoids per-line arrays and intermediate objects.
  const src = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  let lineNo = 0
  for (let pos = 0; pos < src.length;) {
    // Most lines are a plain ASCII `key = value` at the start of the line, inside a section: one
    // native regex match reads them (what the general path below would do, in a few steps).
    PLAIN_OPTION.lastIndex = pos
    const plain = current ? PLAIN_OPTION.exec(src) : null
    if (plain && current) {
      pos = PLAIN_OPTION.lastIndex
      lineNo++
      blanks = 0
      indentLevel = 0
      addOption(current, (plain[1] ?? '').toLowerCase(), plain[2] ?? '', lineNo)
      continue
    }
    let end = src.indexOf('\n', pos)
    if (end < 0) end = src.length
    const line = src.slice(pos, end)
    pos = end + 1
    lineNo++
    const stripped = pyStrip(line)
    const first = stripped.charCodeAt(0)
    const isComment = first === 35 /* # */ || first === 59 /* ; */
    if (stripped === '' || isComment) {
      // Blank lines inside a value are kept (empty_lines_in_values); comment lines are not.
      if (!isComment) blanks++
      continue
    }
    const value = stripped
    // Python's indent is where re's \S first matches: a leading no-break space indents too.
    const indent = firstNonSpace(line)
    if (current && optKey !== undefined && indent > indentLevel) {
      for (; blanks > 0; blanks--) append(current, optKey, '')
      append(current, optKey, value)
      continue
    }
    blanks = 0
    indentLevel = indent
    const header = first === 91 /* [ */ ? SECTION.exec(value) : null
    if (header) {
      sectionName = header[1] ?? ''
      optKey = undefined
      if (sectionName === DEFAULT_SECTION) {
        current = defaults
      } else {
        current = sections.get(sectionName)
        if (current) {
          // Python stops at the repeat; we keep reading, but the earlier section's keys stand and
          // the repeat's keys go nowhere (a scratch section), so no value is silently merged.
          fatal.push({
            file,
            line: lineNo,
            message: `duplicate section [${sectionName}] (first at line ${sectionLines.get(sectionName) ?? 0}; this one is ignored)`,
          })
          current = {}
        } else {
          sections.set(sectionName, (current = {}))
          sectionLines.set(sectionName, lineNo)
        }
      }
      continue
    }
    if (!current) {
      fatal.push({ file, line: lineNo, message: `"${value}" appears before any [section] header` })
      continue
    }
    // The first '=' or ':' (Python's non-greedy option pattern).
    const eq = value.indexOf('=')
    const colon = value.indexOf(':')
    const delim = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon)
    if (delim < 0) {
      fatal.push({ file, line: lineNo, message: `"${value}" is not a "key = value" line` })
      optKey = undefined
      continue
    }
    const key = pyRstrip(value.slice(0, delim)).toLowerCase()
    if (key === '') fatal.push({ file, line: lineNo, message: `"${value}" has no key before "${value[delim] ?? ''}"` })
    addOption(current, key, pyStrip(value.slice(delim + 1)), lineNo)
  }

  for (const [section, options] of multi) {
    for (const [key, opt] of options) setOwn(section, key, joinValue(opt, key, file, fatal))
  }
  const defaultKeys = Object.keys(defaults)
  if (defaultKeys.length > 0) {
    for (const section of sections.values()) {
      for (const k of defaultKeys) if (!Object.hasOwn(section, k)) setOwn(section, k, defaults[k] as ConfigValue)
    }
  }
  return { sections, fatal }
}

function joinValue(opt: RawOption, key: string, file: string, fatal: ConfigIssue[]): ConfigValue {
  const joined = pyRstrip(opt.values.join('\n'))
  if (!joined.startsWith('\n')) return joined
  // botocore: a value that starts on the next line is a nested "k = v" block, split on '=' only.
  const nested: Record<string, string> = {}
  for (const raw of pySplitLines(joined)) {
    const line = pyStrip(raw)
    if (line === '') continue
    const eq = line.indexOf('=')
    if (eq < 0) {
      fatal.push({ file, line: opt.line, message: `nested value of "${key}" in [${opt.section}] has a line without "=": "${line}"` })
      continue
    }
    setOwn(nested, pyStrip(line.slice(0, eq)), pyStrip(line.slice(eq + 1)))
  }
  return nested
}

/** Plain objects stay fast; a key named __proto__ must still become an own property. */
function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  else o[key] = value
}
