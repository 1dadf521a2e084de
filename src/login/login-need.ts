// Whether `login PROFILE` has anything to do. A token usable for longer than the warning window
// is left alone (a login would only open a browser tab for nothing); an expiring token, or a
// refreshing one whose Identity Center session is about to end, is renewed, and a note says why.
// Pure: the token's state, its expiry and the predicted session end come in as data.

import { formatDuration } from '../core/format.ts'
import type { TokenState } from '../core/types.ts'

export interface LoginNeedInput {
  /** The profile as the person named it (quoted in the texts when it is not plain). */
  profile: string
  state: TokenState
  /** The access token's expiry (epoch ms), when the cache has one. */
  expiresAt: number | null
  /** The predicted end of the sso-session (the session book), when known. */
  sessionEndsAt: number | null
  now: number
  warnMs: number
  /** Local time = UTC + this many minutes (for "until 16:42"). */
  utcOffsetMin: number
}

export type LoginNeed =
  /** Nothing to do. `usableUntil` null: the CLI renews the token and the session's end is unknown. */
  | { login: false; usableUntil: number | null; message: string }
  /** Log in; `note` says why when the token is still usable. */
  | { login: true; note: string | null }

export function loginNeed(i: LoginNeedInput): LoginNeed {
  const who = displayName(i.profile)
  if (i.state === 'expiring') {
    const at = i.expiresAt ?? i.now
    return {
      login: true,
      note: `${who}'s token expires at ${clockText(at, i.now, i.utcOffsetMin)} (in ${formatDuration(at - i.now)}): logging in for a new one`,
    }
  }
  if (i.state !== 'valid' && i.state !== 'refreshable') return { login: true, note: null }
  const until = usableUntil(i)
  const skip = (message: string): LoginNeed => ({ login: false, usableUntil: until, message: `${message}; nothing to do. Use --force to log in anyway.` })
  if (until === null) return skip(`${who} is logged in (the AWS CLI renews its token by itself; when the session ends is not known)`)
  const left = until - i.now
  if (left > i.warnMs) return skip(`${who} is logged in until ${clockText(until, i.now, i.utcOffsetMin)} (${formatDuration(left)})`)
  if (left > 0)
    return { login: true, note: `${who}'s session ends at ${clockText(until, i.now, i.utcOffsetMin)} (in ${formatDuration(left)}): logging in for a new one` }
  const ended = i.sessionEndsAt ?? until
  return { login: true, note: `${who}'s session was expected to end at ${clockText(ended, i.now, i.utcOffsetMin)}: logging in for a new one` }
}

/**
 * How long the AWS CLI can keep working without a login. With a predicted session end, the later
 * of it and the access token's expiry (an access token outlives the session that issued it).
 * Without one: a refreshable token has no known end; a valid one lasts until its expiry, unless
 * it is valid only because the CLI will refresh it (then, too, no known end).
 */
function usableUntil(i: LoginNeedInput): number | null {
  if (i.sessionEndsAt !== null) return Math.max(i.sessionEndsAt, i.expiresAt ?? i.sessionEndsAt)
  if (i.state === 'refreshable' || i.expiresAt === null) return null
  return i.expiresAt - i.now > i.warnMs ? i.expiresAt : null
}

/** "16:42" today, "tomorrow 04:10", "yesterday 23:50", else "2026-12-24 09:00" (local time). */
export function clockText(at: number, now: number, utcOffsetMin: number): string {
  const a = new Date(at + utcOffsetMin * 60_000)
  const n = new Date(now + utcOffsetMin * 60_000)
  const hm = `${pad(a.getUTCHours())}:${pad(a.getUTCMinutes())}`
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 86_400_000
  const diff = day(a) - day(n)
  if (diff === 0) return hm
  if (diff === 1) return `tomorrow ${hm}`
  if (diff === -1) return `yesterday ${hm}`
  return `${a.getUTCFullYear()}-${pad(a.getUTCMonth() + 1)}-${pad(a.getUTCDate())} ${hm}`
}

/** A profile name as texts show it: plain names as they are, anything else quoted (control characters escaped). */
export function displayName(name: string): string {
  return /^[\w.@+=,-]+$/.test(name) ? name : JSON.stringify(name)
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
