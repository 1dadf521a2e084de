// Renders `check` results. Full rows (pipes, --wide, or when they fit) name the caller ARN; on a
// narrower terminal a verified row shows the account and the permission set (the ARN's role
// without AWSReservedSSO_ and its suffix), names are cut with "…", and failure messages wrap
// under their own column instead of being cut (the fix is in them). Pure.

import type { CheckResult } from '../core/check-result.ts'
import type { ConfigProblem } from '../core/status-report.ts'
import type { Paint } from './colour.ts'
import { displayWidth, inert, padEnd, truncate, wrap } from './text.ts'

export interface CheckRenderOptions {
  paint: Paint
  /** Terminal columns; undefined: unlimited. */
  width?: number
}

const MARK_WIDTH = 6 // "ok    " / "FAIL  "

export function renderCheck(results: readonly CheckResult[], configErrors: readonly ConfigProblem[], opts: CheckRenderOptions): string {
  const { paint, width } = opts
  const head = configErrors.map((e) => paint('boldRed', inert(`ERROR ${e.file}:${e.line}: ${e.message}`)) + '\n').join('')
  const refused = configErrors.length > 0 ? paint('red', 'The AWS CLI refuses this file, so no profile can be checked until it is fixed.') + '\n\n' : ''
  if (results.length === 0) return `${head}${refused}No SSO profiles to check.\n`
  const names = results.map((r) => inert(r.name))
  const natural = Math.max(7, ...names.map(displayWidth))
  const full = results.map((r, i) =>
    r.ok ? `${padEnd(names[i] ?? '', natural)}  ${r.account ?? ''}  ${r.arn ?? ''}` : `${padEnd(names[i] ?? '', natural)}  ${failure(r)}`,
  )
  const fits = width === undefined || full.every((l) => MARK_WIDTH + displayWidth(l) <= width)
  const lines = fits ? results.map((r, i) => mark(r, paint) + inert(full[i] ?? '')) : narrowLines(results, names, natural, width, paint)
  const failed = results.filter((r) => !r.ok).length
  lines.push('', failed === 0 ? paint('green', `All ${results.length} profiles verified.`) : paint('red', `${failed} of ${results.length} profiles failed.`))
  return head + refused + lines.join('\n') + '\n'
}

function narrowLines(results: readonly CheckResult[], names: readonly string[], natural: number, width: number, paint: Paint): string[] {
  const sets = results.map((r) => (r.ok ? permissionSet(r.arn) : ''))
  const okRest = Math.max(0, ...results.map((r, i) => (r.ok ? displayWidth(`  ${r.account ?? ''}  ${sets[i] ?? ''}`) : 0)))
  // The name keeps what the verified rows leave it, but never under 12 cells (or its own width).
  const nameWidth = Math.min(natural, Math.max(12, width - MARK_WIDTH - okRest))
  const indent = ' '.repeat(MARK_WIDTH + nameWidth + 2)
  return results.map((r, i) => {
    const name = padEnd(truncate(names[i] ?? '', nameWidth), nameWidth)
    if (r.ok) return mark(r, paint) + truncate(inert(`${name}  ${r.account ?? ''}  ${sets[i] ?? ''}`), width - MARK_WIDTH)
    const [first = '', ...more] = wrap(inert(failure(r)), Math.max(10, width - indent.length))
    return [mark(r, paint) + name + '  ' + first, ...more.map((l) => indent + l)].join('\n')
  })
}

function mark(r: CheckResult, paint: Paint): string {
  return r.ok ? paint('green', 'ok') + '    ' : paint('boldRed', 'FAIL') + '  '
}

function failure(r: CheckResult): string {
  return `${r.error?.class ?? ''}: ${r.error?.message ?? ''}`
}

/**
 * "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane"
 * → "AdministratorAccess"; another assumed role → its name; anything else as it is.
 */
export function permissionSet(arn: string | null): string {
  if (arn === null) return ''
  const role = /:assumed-role\/([^/]+)\//.exec(arn)?.[1]
  if (role === undefined) return arn
  return /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(role)?.[1] ?? role
}
