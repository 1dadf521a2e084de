// One short line for prompts and status bars (starship, tmux, waybar, i3blocks): the worst news
// first, the way the tray's icon chooses. Pure: token groups and `now` in, text out.
//   aws ✓            every session usable (refreshable ones included)
//   aws ✕ corp       one session needs a login (its name); "aws ✕ 2" for two or more
//   aws ◐ corp 9m    a session expires within the warning window (the soonest; "+1" for more)
//   aws ⚠            only configuration problems
//   (empty)          no SSO profiles: nothing to show

import { formatDuration } from './format.ts'
import type { TokenGroup } from './token-groups.ts'

const NEEDS_LOGIN = new Set(['expired', 'missing', 'invalid'])

export function statusLine(groups: readonly Pick<TokenGroup, 'name' | 'state' | 'expiresAt'>[], configErrors: number, now: number): string {
  if (groups.length === 0) return configErrors > 0 ? 'aws ⚠' : ''
  const login = groups.filter((g) => NEEDS_LOGIN.has(g.state))
  if (login.length === 1) return `aws ✕ ${shortName(login[0]!.name)}`
  if (login.length > 1) return `aws ✕ ${login.length}`
  const expiring = groups.filter((g) => g.state === 'expiring').sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))
  const first = expiring[0]
  if (first) {
    const more = expiring.length > 1 ? ` +${expiring.length - 1}` : ''
    return `aws ◐ ${shortName(first.name)} ${formatDuration((first.expiresAt ?? now) - now)}${more}`
  }
  return configErrors > 0 ? 'aws ⚠' : 'aws ✓'
}

/** A legacy session is named by its start URL: its first host label is what people call it. */
function shortName(name: string): string {
  const m = /^https?:\/\/([^./:]+)/.exec(name)
  return m?.[1] ?? name
}
