// Shared by status, check and login: name checks with one message, and fresh token states.

import { readTokens } from '../aws/load-profiles.ts'
import type { ProfileMap } from '../aws/profile-map.ts'
import type { TokenRead } from '../core/check-result.ts'
import { buildStatusReport } from '../core/status-report.ts'
import { closest } from '../core/suggest.ts'
import type { Profile, TokenState } from '../core/types.ts'
import { UsageError } from '../errors.ts'
import type { Files } from '../ports.ts'
import type { Settings } from '../settings.ts'

/**
 * Exit 2 naming every unknown profile. One typo gets "did you mean"; otherwise a short list of the
 * known names, or a pointer to `status` where the list would not fit on a line.
 */
export function assertKnownProfiles(map: ProfileMap, names: readonly string[]): void {
  const unknown = names.filter((n) => !map.profiles.has(n))
  if (unknown.length === 0) return
  const known = [...map.profiles.keys()]
  const [only] = unknown
  const guess = unknown.length === 1 && only !== undefined ? closest(only, known) : undefined
  if (guess !== undefined)
    throw new UsageError(`unknown profile ${JSON.stringify(only)} — did you mean ${/^[\w.@+=,-]+$/.test(guess) ? guess : JSON.stringify(guess)}?`)
  throw new UsageError(
    `unknown profile${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => JSON.stringify(n)).join(', ')}`,
    known.length <= 8 ? `known profiles: ${known.join(', ') || '(none)'}` : `aws-sso-tray status lists the ${known.length} known profiles`,
  )
}

/** Token state per profile (same order), read from the cache now: after a CLI call it may have changed. */
export async function currentTokenStates(
  files: Files,
  settings: Pick<Settings, 'cacheDir' | 'warnMs'>,
  profiles: readonly Profile[],
  now: number,
): Promise<(TokenState | null)[]> {
  const tokens = await readTokens(files, settings.cacheDir, profiles)
  const report = buildStatusReport({ ...tokens, profiles, configErrors: [], now, thresholds: { warnMs: settings.warnMs } })
  return report.profiles.map((p) => p.token?.state ?? null)
}

/** Like currentTokenStates, plus why a cache file is unusable and where it is (for `check`). */
export async function currentTokens(
  files: Files,
  settings: Pick<Settings, 'cacheDir' | 'warnMs'>,
  profiles: readonly Profile[],
  now: number,
): Promise<(TokenRead | null)[]> {
  const tokens = await readTokens(files, settings.cacheDir, profiles)
  const report = buildStatusReport({ ...tokens, profiles, configErrors: [], now, thresholds: { warnMs: settings.warnMs } })
  return report.profiles.map((p, i) =>
    p.token === null ? null : { state: p.token.state, problem: profiles[i]?.configError ? null : p.error, cacheFile: p.token.cacheFile },
  )
}
