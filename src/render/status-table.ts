// Renders a StatusReport as a terminal table. Pure: colour is a flag, time an argument.

import { formatRemaining } from '../core/format.ts'
import type { ProfileStatus, StatusReport } from '../core/status-report.ts'
import type { TokenState } from '../core/types.ts'

const COLOURS: Record<TokenState, string> = {
  valid: '32', refreshable: '32', expiring: '33', expired: '31', missing: '31', invalid: '35',
}

export function renderStatusTable(report: StatusReport, now: number, colour: boolean): string {
  const paint = (code: string, text: string): string => (colour ? `\x1b[${code}m${text}\x1b[0m` : text)
  const out: string[] = []
  for (const e of report.configErrors) {
    out.push(paint('1;31', `ERROR ${e.file}:${e.line}: ${e.message}`))
  }
  if (report.configErrors.length > 0) {
    out.push(paint('31', 'The AWS CLI refuses this file, so every aws command fails until it is fixed. What can be read is shown below.'), '')
  }
  if (report.profiles.length === 0) {
    out.push('No AWS profiles found. Create one with: aws configure sso')
    return out.join('\n') + '\n'
  }
  const header = ['PROFILE', 'SESSION / START URL', 'ACCOUNT / ROLE', 'STATE', 'TIME LEFT']
  const rows = report.profiles.map((p) => [p.name, tokenSource(p), accountRole(p), p.token?.state ?? '-', timeLeft(p, now)])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[], state?: TokenState): string =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)
        return i === 3 && state ? paint(COLOURS[state], padded) : padded
      })
      .join('  ')
      .trimEnd()
  out.push(line(header))
  report.profiles.forEach((p, i) => out.push(line(rows[i] ?? [], p.token?.state)))
  const notes = report.profiles.filter((p) => p.error !== null)
  if (notes.length > 0) out.push('')
  for (const p of notes) out.push(`${p.name}: ${p.error ?? ''}`)
  return out.join('\n') + '\n'
}

function tokenSource(p: ProfileStatus): string {
  const via = p.sourceProfile ? ` (via ${p.sourceProfile})` : ''
  return (p.ssoSession ?? p.startUrl ?? '-') + via
}

function accountRole(p: ProfileStatus): string {
  if (!p.accountId && !p.roleName) return '-'
  return `${p.accountId ?? '?'} / ${p.roleName ?? '?'}`
}

function timeLeft(p: ProfileStatus, now: number): string {
  if (!p.token?.expiresAt) return '-'
  const left = formatRemaining(Date.parse(p.token.expiresAt) - now)
  if (p.token.state === 'refreshable') return `refreshes silently (${left})`
  return left
}
