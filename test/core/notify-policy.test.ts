import { describe, expect, it } from 'vitest'
import { decideNotices, sessionEndedNotice, type NoticeMemory, type PolicyInput } from '../../src/core/notify-policy.ts'
import type { TokenGroup } from '../../src/core/token-groups.ts'
import { group, min, NOW } from '../fakes/groups.ts'

const WARN = 15 * 60_000
const fresh: NoticeMemory = { shown: {}, lastSeen: null }

/** Runs the policy over a sequence of (time, groups) looks, carrying memory as the app does. */
function run(steps: Array<[number, TokenGroup[]]>, memory: NoticeMemory = { shown: {}, lastSeen: NOW - 1000 }, extra: Partial<PolicyInput> = {}) {
  const seen: string[] = []
  let m = memory
  for (const [now, groups] of steps) {
    const r = decideNotices({ groups, configErrors: [], memory: m, now, warnMs: WARN, snoozes: {}, ...extra })
    m = r.memory
    seen.push(...r.notices.map((n) => `${(now - NOW) / 60_000}:${n.kind}:${n.title}`))
  }
  return { seen, memory: m }
}

const EXP = min(20)
const at = (m: number): TokenGroup[] => {
  const t = min(m)
  const state = EXP - t <= 0 ? 'expired' : EXP - t < WARN ? 'expiring' : 'valid'
  return [group('corp', state, EXP, ['dev', 'prod'])]
}

describe('decideNotices', () => {
  it('warns once before expiry and once at expiry, naming the profiles sharing the token', () => {
    const { seen } = run([
      [min(0), at(0)],
      [min(5), at(5)],
      [min(6), at(6)],
      [min(10), at(10)],
      [min(20), at(20)],
      [min(21), at(21)],
      [min(40), at(40)],
    ])
    expect(seen).toEqual(['6:expiring:AWS SSO: dev and prod expire in 14m', '20:expired:AWS SSO: dev and prod expired'])
  })

  it('does not repeat after a restart (memory is persisted) or a screen lock', () => {
    const first = run([[min(6), at(6)]])
    expect(first.seen).toHaveLength(1)
    const afterRestart = run(
      [
        [min(7), at(7)],
        [min(8), at(8)],
      ],
      JSON.parse(JSON.stringify(first.memory)) as NoticeMemory,
    )
    expect(afterRestart.seen).toEqual([])
  })

  it('after sleeping through the warning and the expiry, tells only the expiry', () => {
    const { seen } = run([
      [min(0), at(0)],
      [min(90), at(90)],
      [min(91), at(91)],
    ])
    expect(seen).toEqual(['90:expired:AWS SSO: dev and prod expired'])
  })

  it('on a first run, an expiry from before is old news, but a coming one is warned', () => {
    const old = [group('old', 'expired', min(-60), ['legacy'])]
    expect(run([[NOW, old]], fresh).seen).toEqual([])
    expect(run([[NOW, [group('soon', 'expiring', min(5), ['x'])]]], fresh).seen).toEqual(['0:expiring:AWS SSO: x expires in 5m'])
  })

  it('holds notices while snoozed and shows what is still true when the snooze ends', () => {
    const snoozes = { '*': min(30) }
    const snoozed = run(
      [
        [min(6), at(6)],
        [min(20), at(20)],
      ],
      undefined,
      { snoozes },
    )
    expect(snoozed.seen).toEqual([])
    const after = run([[min(31), at(31)]], snoozed.memory)
    expect(after.seen).toEqual(['31:expired:AWS SSO: dev and prod expired'])
  })

  it('a group snooze silences only that group', () => {
    const groups = [group('a', 'expiring', min(5)), group('b', 'expiring', min(6))]
    const r = decideNotices({ groups, configErrors: [], memory: fresh, now: NOW, warnMs: WARN, snoozes: { 'sso-session:a': min(60) } })
    expect(r.notices.map((n) => n.group)).toEqual(['sso-session:b'])
  })

  it('never warns for refreshable tokens (the quiet probe keeps them fresh)', () => {
    const g = group('r', 'refreshable', min(10), ['dev'])
    const r = decideNotices({ groups: [g], configErrors: [], memory: fresh, now: NOW, warnMs: WARN, snoozes: {} })
    expect(r.notices).toEqual([])
    expect(sessionEndedNotice(g, 'Token has expired and refresh failed').title).toBe('AWS SSO: dev needs a new login')
    expect(sessionEndedNotice(group('r', 'refreshable', min(10), ['dev', 'prod']), 'x').title).toBe('AWS SSO: dev and prod need a new login')
  })

  it('agrees in number: one profile expires, two expire', () => {
    const one = decideNotices({ groups: [group('a', 'expiring', min(5), ['sandbox-1'])], configErrors: [], memory: fresh, now: NOW, warnMs: WARN, snoozes: {} })
    const two = decideNotices({
      groups: [group('a', 'expiring', min(5), ['sandbox-1', 'sandbox-2'])],
      configErrors: [],
      memory: fresh,
      now: NOW,
      warnMs: WARN,
      snoozes: {},
    })
    expect([...one.notices, ...two.notices].map((n) => n.title)).toEqual(['AWS SSO: sandbox-1 expires in 5m', 'AWS SSO: sandbox-1 and sandbox-2 expire in 5m'])
  })

  it('a new token after a login brings new events', () => {
    const first = run([[min(6), at(6)]])
    const renewed = [group('corp', 'expiring', min(66), ['dev', 'prod'])]
    expect(run([[min(52), renewed]], first.memory).seen).toEqual(['52:expiring:AWS SSO: dev and prod expire in 14m'])
  })

  it('folds many simultaneous notices into one summary', () => {
    const groups = ['a', 'b', 'c', 'd', 'e'].map((n) => group(n, 'expiring', min(5)))
    const r = decideNotices({ groups, configErrors: [], memory: fresh, now: NOW, warnMs: WARN, snoozes: {} })
    expect(r.notices.map((n) => n.title)).toEqual(['AWS SSO: 5 sessions need attention'])
    expect(r.notices[0]?.body).toBe('a, b, c, d, e. Open the tray menu to log in.')
    expect(Object.keys(r.memory.shown)).toHaveLength(5)
  })

  it('tells a broken config once per distinct error', () => {
    const configErrors = [{ file: '/h/.aws/config', line: 3, message: 'duplicate section' }]
    const a = decideNotices({ groups: [], configErrors, memory: fresh, now: NOW, warnMs: WARN, snoozes: {} })
    expect(a.notices.map((n) => n.body)).toEqual(['/h/.aws/config:3: duplicate section'])
    expect(decideNotices({ groups: [], configErrors, memory: a.memory, now: NOW + 5, warnMs: WARN, snoozes: {} }).notices).toEqual([])
  })

  it('forgets records a week old', () => {
    const r = decideNotices({
      groups: [],
      configErrors: [],
      memory: { shown: { old: min(-8 * 24 * 60), recent: min(-60) }, lastSeen: NOW },
      now: NOW,
      warnMs: WARN,
      snoozes: {},
    })
    expect(Object.keys(r.memory.shown)).toEqual(['recent'])
  })
})
