// The systray2 fallback cannot add items after start: its adapter starts the helper with spare
// slots and writes each model into them. Which models fit without a new helper.

import { describe, expect, it } from 'vitest'
import { allocateSlots, placeInSlots, type Slot } from '../../src/adapters/tray-helper.ts'
import { buildMenu } from '../../src/tray/menu.ts'
import { group, min, NOW, view } from '../fakes/groups.ts'

const count = (s: readonly Slot[]): number => s.reduce((n, x) => n + 1 + count(x.children ?? []), 0)
const corp = (state: 'valid' | 'expired', names = ['dev', 'prod']) => group('corp', state, min(state === 'valid' ? 60 : -1), names)

/** The slots a helper started with two fine sessions has. Built inside each test, not at collection. */
const twoSessionSlots = () => allocateSlots(buildMenu(view([corp('valid'), group('old', 'valid', min(300))]), NOW).items)

describe('helper slots', () => {
  it('take a login in progress, a check result, a problem line and a new profile in place', () => {
    const logins = { 'sso-session:corp': { profile: 'dev', phase: 'waiting-user' as const, url: 'https://x/', userCode: 'ABCD-EFGH' } }
    const check = { queue: [], inFlight: [], total: 3, done: 3, failed: ['dev'], finishedAt: NOW }
    const busy = buildMenu(view([corp('expired', ['dev', 'prod', 'qa']), group('old', 'valid', min(300))], { logins, check, problem: 'x' }), NOW)
    expect(placeInSlots(busy.items, twoSessionSlots())).not.toBeNull()
  })

  it('do not take more sessions than their spares, nor a submenu where a line was', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((n) => group(n, 'valid', min(60)))
    expect(placeInSlots(buildMenu(view(many), NOW).items, twoSessionSlots())).toBeNull()
    expect(placeInSlots(buildMenu(view([]), NOW).items, allocateSlots(buildMenu(view([]), NOW).items))).not.toBeNull()
  })

  it('stay near the model size for a huge menu (1,000 sessions: no spares)', () => {
    const huge = buildMenu(view(Array.from({ length: 1000 }, (_, i) => group(`s${i}`, 'valid', min(60 + i)))), NOW)
    const size = (items: typeof huge.items): number => items.reduce((n, i) => n + 1 + size(i.items ?? []), 0)
    expect(count(allocateSlots(huge.items))).toBe(size(huge.items))
  })
})
