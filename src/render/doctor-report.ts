// Renders doctor's checks: a verdict mark (green ok, yellow warn, red FAIL), the check's name,
// its detail and, under it, the fix. On a terminal narrower than a line, detail and fix wrap
// under their own column. Pure.

import type { DoctorCheck } from '../doctor/checks.ts'
import type { Paint, Style } from './colour.ts'
import { displayWidth, inert, padEnd, wrap } from './text.ts'

const MARK: Record<DoctorCheck['verdict'], [string, Style]> = { ok: ['ok  ', 'green'], warn: ['warn', 'yellow'], fail: ['FAIL', 'boldRed'] }

export function renderDoctor(checks: readonly DoctorCheck[], opts: { paint: Paint; width?: number }): string {
  const nameWidth = Math.max(...checks.map((c) => displayWidth(c.name)))
  const indent = ' '.repeat(4 + 2 + nameWidth + 2)
  const fit = (first: string, text: string): string[] => {
    const lines = opts.width === undefined ? [text] : wrap(text, Math.max(20, opts.width - indent.length))
    return lines.map((l, i) => (i === 0 ? first : indent) + l)
  }
  const lines: string[] = []
  for (const c of checks) {
    const [mark, style] = MARK[c.verdict]
    // The mark's padding stays outside the colour, so a coloured "ok" is followed by plain blanks.
    const head = opts.paint(style, mark.trimEnd()) + mark.slice(mark.trimEnd().length)
    lines.push(...fit(`${head}  ${padEnd(c.name, nameWidth)}  `, inert(c.detail)))
    if (c.fix) lines.push(...fit(indent, `fix: ${inert(c.fix)}`))
  }
  return lines.join('\n') + '\n'
}
