// A text table that fits a terminal width. At full width (pipes, --wide, or when it fits) every
// cell is whole. Narrower: the columns that have shorter forms use them, the widest cuttable
// column loses a cell at a time (cut with "…", not below its minimum), and when the minimums
// still do not fit, whole columns go, least useful first. Narrower than even that, the cuttable
// columns shrink to their headers; rows longer than `width` are left to wrap. Pure.

import type { Paint, Style } from './colour.ts'
import { displayWidth, truncate } from './text.ts'

export interface Column {
  header: string
  /** One plain-text cell per row; styles are applied after fitting. */
  cells: readonly string[]
  /** Shorter header and cells (made only when needed), used whenever the table must be narrowed. */
  short?: { header?: string; cells?: () => readonly string[] }
  /** The narrowest the column may be cut to (its header is never cut); absent: never cut. */
  min?: number
  /** When the minimums do not fit, columns with a rank go, the lowest first; absent: always kept. */
  dropRank?: number
}

export interface TableStyle {
  /** Style of one cell (row, column index into the columns given), or null. */
  cell?: (row: number, column: number) => Style | readonly Style[] | null
  /** Style of a whole row (e.g. dimmed); combined with the cell's. */
  row?: (row: number) => Style | null
}

const GAP = '  '

interface Fitted {
  /** Indexes of the columns shown. */
  shown: number[]
  headers: string[]
  widths: number[]
  cells: (readonly string[])[]
}

/** Which columns show, at what widths, with what (cut) text. `width` undefined: unlimited. */
export function fitTable(columns: readonly Column[], width: number | undefined): Fitted {
  const rows = Math.max(0, ...columns.map((c) => c.cells.length))
  const natural = columns.map((c) => naturalWidth(c.header, c.cells))
  const all = columns.map((_, i) => i)
  if (width === undefined || totalWidth(natural) <= width) {
    return { shown: all, headers: columns.map((c) => c.header), widths: natural, cells: columns.map((c) => c.cells) }
  }
  const headers = columns.map((c) => c.short?.header ?? c.header)
  const cells = columns.map((c) => c.short?.cells?.() ?? c.cells)
  const wanted = columns.map((_, i) => naturalWidth(headers[i] ?? '', cells[i] ?? []))
  const mins = columns.map((c, i) => Math.min(wanted[i] ?? 0, Math.max(displayWidth(headers[i] ?? ''), c.min ?? Infinity)))
  const dropOrder = all.filter((i) => columns[i]?.dropRank !== undefined).sort((a, b) => (columns[a]?.dropRank ?? 0) - (columns[b]?.dropRank ?? 0))
  let shown = all
  for (let k = 0; k <= dropOrder.length; k++) {
    shown = all.filter((i) => !dropOrder.slice(0, k).includes(i))
    if (totalWidth(shown.map((i) => mins[i] ?? 0)) <= width) break
  }
  const widths = shown.map((i) => wanted[i] ?? 0)
  // Narrower than every minimum: cuttable columns may go down to their headers.
  const tight = totalWidth(shown.map((i) => mins[i] ?? 0)) > width
  const floor = shown.map((i) => (tight && columns[i]?.min !== undefined ? Math.min(mins[i] ?? 0, displayWidth(headers[i] ?? '')) : (mins[i] ?? 0)))
  // Widest cuttable column first; on a tie the one further right (the profile name stays longest).
  while (totalWidth(widths) > width) {
    let pick = -1
    for (let j = 0; j < widths.length; j++) {
      if ((widths[j] ?? 0) > (floor[j] ?? 0) && (pick === -1 || (widths[j] ?? 0) >= (widths[pick] ?? 0))) pick = j
    }
    if (pick === -1) break
    widths[pick] = (widths[pick] ?? 0) - 1
  }
  return {
    shown,
    headers: shown.map((i) => headers[i] ?? ''),
    widths,
    cells: shown.map((i, j) => Array.from({ length: rows }, (_, r) => truncate(cells[i]?.[r] ?? '', widths[j] ?? 0))),
  }
}

/** The table's lines: a header, then one line per row; cells padded, lines without trailing blanks. */
export function renderTable(columns: readonly Column[], width: number | undefined, paint: Paint, style: TableStyle = {}): string[] {
  const t = fitTable(columns, width)
  const n = t.widths.length
  const rows = t.cells[0]?.length ?? 0
  const out: string[] = [pad(t.headers, t.widths)]
  // Plain loops over strings: `status` renders a thousand rows on every run.
  const cells: string[] = new Array<string>(n)
  const painted: string[] = new Array<string>(n)
  for (let r = 0; r < rows; r++) {
    const rowStyle = style.row?.(r) ?? null
    for (let j = 0; j < n; j++) {
      const text = t.cells[j]?.[r] ?? ''
      const cell = style.cell?.(r, t.shown[j] ?? -1) ?? null
      cells[j] = text
      painted[j] =
        rowStyle === null && cell === null
          ? text
          : paint(rowStyle === null || cell === null ? (rowStyle ?? cell) : [rowStyle, ...(typeof cell === 'string' ? [cell] : cell)], text)
    }
    out.push(pad(cells, t.widths, painted))
  }
  return out
}

/** One line: each cell padded to its column's width (the last not at all), painted text in place of plain. */
function pad(cells: readonly string[], widths: readonly number[], painted: readonly string[] = cells): string {
  let line = ''
  const last = cells.length - 1
  for (let j = 0; j <= last; j++) {
    if (j > 0) line += GAP
    line += painted[j] ?? ''
    const blanks = j === last ? 0 : (widths[j] ?? 0) - displayWidth(cells[j] ?? '')
    if (blanks > 0) line += ' '.repeat(blanks)
  }
  return line.trimEnd()
}

function naturalWidth(header: string, cells: readonly string[]): number {
  let w = displayWidth(header)
  for (const c of cells) w = Math.max(w, displayWidth(c))
  return w
}

function totalWidth(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0) + GAP.length * Math.max(0, widths.length - 1)
}
