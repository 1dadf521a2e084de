// Shared by the trace tests of the tray step (step-trace, step-open-mutants): a fixed clock, the
// token and loaded-data builders, and one text line per effect, so a whole run of events can be
// compared as a list and no effect can change, appear or go missing unnoticed.

import { parseConfigText } from '../../../src/aws/config-parse.ts'
import { buildProfileMap } from '../../../src/aws/profile-map.ts'
import { resolveProfiles } from '../../../src/aws/profiles.ts'
import { initialTrayState, type LoadedData, type TrayEffect, type TrayEvent, type TrayState } from '../../../src/core/tray/state.ts'
import { step } from '../../../src/core/tray/step.ts'
import type { TokenInput } from '../../../src/core/types.ts'

export const NOW = Date.parse('2026-12-01T12:00:00Z')
export const MIN = 60_000

/** A token read from its cache file, ending `minutes` from NOW; `refresh`: it can be refreshed. */
export const token = (minutes: number, refresh = false): TokenInput => ({
  status: 'read',
  facts: {
    startUrl: 'u',
    region: 'r',
    hasAccessToken: true,
    expiresAt: new Date(NOW + minutes * MIN).toISOString(),
    hasRefreshToken: refresh,
    hasClientId: refresh,
    hasClientSecret: refresh,
    registrationExpiresAt: refresh ? new Date(NOW + 90 * 24 * 60 * MIN).toISOString() : undefined,
    ...(refresh ? { refreshTag: 'tag1' } : {}),
  },
})

export function loadedData(config: string, tokens: Record<string, TokenInput>, extra: Partial<LoadedData> = {}): LoadedData {
  return {
    warnMs: 15 * MIN,
    configFile: '/h/.aws/config',
    profiles: resolveProfiles(buildProfileMap(parseConfigText(config, '/h/.aws/config'))),
    tokens: new Map(Object.entries(tokens)),
    configErrors: [],
    ...extra,
  }
}

export const fresh = () => initialTrayState({ shown: {}, lastSeen: NOW - MIN, snoozes: {} }, NOW, 2)

/** One line per effect, with what matters to the shell (a render by its icon and title only). */
export function line(e: TrayEffect): string {
  switch (e.type) {
    case 'render':
      return `render ${e.model.icon} "${e.model.title}"`
    case 'notify':
      return `notify ${e.key}: ${e.notice.title} | ${e.notice.body} | ${e.notice.buttons.map((b) => b.id).join(',')}`
    case 'status':
      return `status ${e.line}`
    case 'start-login':
    case 'open-console':
      return `${e.type} ${'group' in e ? e.group : ''} ${e.profile.name}`
    case 'verify':
      return `verify ${e.profile.name} ${e.purpose} ${e.group}`
    case 'wake-at':
      return `wake-at +${(e.at - NOW) / MIN}m`
    case 'save':
      return `save ${JSON.stringify(e.memory)}`
    default:
      return `${e.type} ${JSON.stringify({ ...e, type: undefined })}`
  }
}

/** Runs the events (each `at` minutes after NOW): the effect lines with a marker per event, the state, and each event's effects. */
export function trace(s0: TrayState, events: Array<[number, TrayEvent]>): { lines: string[]; state: TrayState; effects: TrayEffect[][] } {
  let state = s0
  const lines: string[] = []
  const effects: TrayEffect[][] = []
  for (const [at, e] of events) {
    const r = step(state, e, NOW + at * MIN)
    state = r.state
    effects.push(r.effects)
    lines.push(`> ${e.type}${'action' in e ? ` ${e.action.type}` : ''}${'button' in e ? ` ${e.button}` : ''}`, ...r.effects.map(line))
  }
  return { lines, state, effects }
}
