// Renders a StatusReport as a terminal table that fits `width` (undefined: full rows, for pipes
// and --wide). Narrowed, start URLs show as their host, long cells are cut with "…"; where that
// would cut too deep the session column goes (it is shared by many rows), then account / role:
// profile, state and time left always show.
// Pure: colour is a painter, time an argument.

import { formatRemaining } from '../core/format.ts'
import type { ProfileStatus, StatusReport } from '../core/status-report.ts'
import { STATE_STYLE, type Paint } from './colour.ts'
import { renderTable, type Column } from './table.ts'
import { inert, wrap } from './text.ts'

export interface StatusTableOptions {
  now: number
  paint: Paint
  /** Terminal columns; undefined: unlimited. */
  width?: number
  /** What to say when the report has no profiles (a filter may have removed them all). */
  empty?: string
}

const NO_PROFILES = 'No AWS profiles found. Create one with: aws configure sso'

export function renderStatusTable(report: StatusReport, opts: StatusTableOptions): string {
  const { paint, now } = opts
  const out: string[] = []
  for (const e of report.configErrors) out.push(paint('boldRed', inert(`ERROR ${e.file}:${e.line}: ${e.message}`)))
  if (report.configErrors.length > 0) {
    out.push(paint('red', 'The AWS CLI refuses this file, so every aws command fails until it is fixed. What can be read is shown below.'), '')
  }
  if (report.profiles.length === 0) {
    out.push(opts.empty ?? NO_PROFILES)
    return out.join('\n') + '\n'
  }
  const ps = report.profiles
  const names = ps.map((p) => inert(p.name))
  const lefts = ps.map((p) => remaining(p, now))
  const ends = ps.map((p) => sessionEnd(p, now))
  const columns: Column[] = [
    { header: 'PROFILE', cells: names, min: 16 },
    {
      header: 'SESSION / START URL',
      cells: ps.map((p) => inert(tokenSource(p, false))),
      short: { header: 'SESSION', cells: () => ps.map((p) => inert(tokenSource(p, true))) },
      min: 16,
      dropRank: 1,
    },
    { header: 'ACCOUNT / ROLE', cells: ps.map((p) => inert(accountRole(p))), min: 22, dropRank: 2 },
    { header: 'STATE', cells: ps.map((p) => (p.token?.state ?? '-') + (p.hidden ? ' (hidden)' : '')) },
    {
      header: 'TIME LEFT',
      cells: ps.map((p, i) => timeLeft(p, lefts[i] ?? null, false) + (ends[i] ?? '')),
      short: { cells: () => ps.map((p, i) => timeLeft(p, lefts[i] ?? null, true) + (ends[i] ?? '')) },
    },
  ]
  out.push(
    ...renderTable(columns, opts.width, paint, {
      cell: (r, c) => {
        const state = ps[r]?.token?.state
        return c === 3 && state ? STATE_STYLE[state] : null
      },
      row: (r) => (ps[r]?.hidden ? 'dim' : null),
    }),
  )
  const notes = ps.filter((p) => p.error !== null)
  if (notes.length > 0) out.push('')
  // On a terminal a long note wraps, its later lines indented under the first.
  for (const p of notes) {
    const note = inert(`${p.name}: ${p.error ?? ''}`)
    out.push(...(opts.width === undefined ? [note] : wrap(note, Math.max(20, opts.width - 2)).map((l, i) => (i === 0 ? l : `  ${l}`))))
  }
  return out.join('\n') + '\n'
}

/** Narrowed: the session alone (a chain's source shows in full rows), a start URL by its host. */
function tokenSource(p: ProfileStatus, short: boolean): string {
  if (short) return p.ssoSession ?? (p.startUrl !== null ? shortUrl(p.startUrl) : '-')
  const via = p.sourceProfile ? ` (via ${p.sourceProfile})` : ''
  return (p.ssoSession ?? p.startUrl ?? '-') + via
}

/** "https://corp.awsapps.com/start#/" → "corp.awsapps.com": the host is what tells sessions apart. */
function shortUrl(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)
  return m?.[1] ?? url
}

function accountRole(p: ProfileStatus): string {
  if (!p.accountId && !p.roleName) return '-'
  return `${p.accountId ?? '?'} / ${p.roleName ?? '?'}`
}

/** Time left on the profile's token, once per row (both forms of the cell use it). */
function remaining(p: ProfileStatus, now: number): string | null {
  return p.token?.expiresAt ? formatRemaining(Date.parse(p.token.expiresAt) - now) : null
}

function timeLeft(p: ProfileStatus, left: string | null, short: boolean): string {
  if (left === null) return '-'
  if (p.token?.state === 'refreshable') return short ? `refreshes (${left})` : `refreshes silently (${left})`
  return left
}

/** " · ends ~16:30" (local time) while the session's predicted end (by the tray) is ahead of a usable token. */
function sessionEnd(p: ProfileStatus, now: number): string {
  const at = p.token?.sessionEndsAt ? Date.parse(p.token.sessionEndsAt) : NaN
  const state = p.token?.state
  if (Number.isNaN(at) || at <= now || (state !== 'valid' && state !== 'expiring' && state !== 'refreshable')) return ''
  const d = new Date(at)
  return ` · ends ~${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}
