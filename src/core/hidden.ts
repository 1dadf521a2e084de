// The `hide` setting: profile names or globs (`*` any run of characters, `?` one character; no
// other syntax, so a name with brackets or dots means itself). Case-sensitive, as the AWS CLI
// treats profile names. Pure; matched without building a regular expression from user text.

/** True when `name` matches one of `patterns`. */
export function isHidden(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => globMatch(p, name))
}

/** Wildcard match that backtracks only to the last `*`: linear in practice, never exponential. */
export function globMatch(pattern: string, text: string): boolean {
  const p = [...pattern]
  const t = [...text]
  let pi = 0
  let ti = 0
  let star = -1
  let mark = 0
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      pi++
      ti++
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++
      mark = ti
    } else if (star !== -1) {
      pi = star + 1
      ti = ++mark
    } else {
      return false
    }
  }
  while (pi < p.length && p[pi] === '*') pi++
  return pi === p.length
}
