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
    const r = decideNotices({ groups, configErrors: [], memory: m, now, snoozes: {}, ...extra })
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
    const r = decideNotices({ groups, configErrors: [], memory: fresh, now: NOW, snoozes: { 'sso-session:a': min(60) } })
    expect(r.notices.map((n) => n.group)).toEqual(['sso-session:b'])
  })

  it('never warns for refreshable tokens (the quiet probe keeps them fresh)', () => {
    const g = group('r', 'refreshable', min(10), ['dev'])
    const r = decideNotices({ groups: [g], configErrors: [], memory: fresh, now: NOW, snoozes: {} })
    expect(r.notices).toEqual([])
    expect(sessionEndedNotice(g, 'Token has expired and refresh failed').title).toBe('AWS SSO: dev needs a new login')
    expect(sessionEndedNotice(group('r', 'refreshable', min(10), ['dev', 'prod']), 'x').title).toBe('AWS SSO: dev and prod need a new login')
  })

  it('agrees in number: one profile expires, two expire', () => {
    const one = decideNotices({ groups: [group('a', 'expiring', min(5), ['sandbox-1'])], configErrors: [], memory: fresh, now: NOW, snoozes: {} })
    const two = decideNotices({
      groups: [group('a', 'expiring', min(5), ['sandbox-1', 'sandbox-2'])],
      configErrors: [],
      memory: fresh,
      now: NOW,
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
    const r = decideNotices({ groups, configErrors: [], memory: fresh, now: NOW, snoozes: {} })
    expect(r.notices.map((n) => n.title)).toEqual(['AWS SSO: 5 sessions need attention'])
    expect(r.notices[0]?.body).toBe('a, b, c, d, e. Open the tray menu to log in.')
    expect(Object.keys(r.memory.shown)).toHaveLength(5)
  })

  it('tells a broken config once per distinct error', () => {
    const configErrors = [{ file: '/h/.aws/config', line: 3, message: 'duplicate section' }]
    const a = decideNotices({ groups: [], configErrors, memory: fresh, now: NOW, snoozes: {} })
    expect(a.notices.map((n) => n.body)).toEqual(['/h/.aws/config:3: duplicate section'])
    expect(decideNotices({ groups: [], configErrors, memory: a.memory, now: NOW + 5, snoozes: {} }).notices).toEqual([])
  })

  it('forgets records a week old', () => {
    const r = decideNotices({
      groups: [],
      configErrors: [],
      memory: { shown: { old: min(-8 * 24 * 60), recent: min(-60) }, lastSeen: NOW },
      now: NOW,
      snoozes: {},
    })
    expect(Object.keys(r.memory.shown)).toEqual(['recent'])
  })
})

describe('decideNotices: exact boundaries and wording', () => {
  const decide = (extra: Partial<PolicyInput>) => decideNotices({ groups: [], configErrors: [], memory: fresh, now: NOW, snoozes: {}, ...extra })
  const DAY = 24 * 3600_000

  it('keeps a shown record until exactly a week has passed, then forgets it', () => {
    const r = decide({ memory: { shown: { week: NOW - 7 * DAY, almost: NOW - 7 * DAY + 1 }, lastSeen: NOW } })
    expect(Object.keys(r.memory.shown)).toEqual(['almost'])
  })

  it('records every shown event under its group, expiry and kind, and remembers when it looked', () => {
    const r = decide({ groups: [group('a', 'expiring', min(5)), group('b', 'expired', min(-1))], memory: { shown: {}, lastSeen: min(-2) } })
    expect(r.memory).toEqual({
      shown: { [`sso-session:a|${min(5)}|expiring`]: NOW, [`sso-session:b|${min(-1)}|expired`]: NOW, [`sso-session:b|${min(-1)}|expiring`]: NOW },
      lastSeen: NOW,
    })
    expect(r.notices.map((n) => [n.key, n.kind, n.group, n.profile])).toEqual([
      [`sso-session:a|${min(5)}|expiring`, 'expiring', 'sso-session:a', 'a'],
      [`sso-session:b|${min(-1)}|expired`, 'expired', 'sso-session:b', 'b'],
    ])
  })

  it('says nothing for a group without an expiry time or without a profile that can log in', () => {
    const noExpiry = group('n', 'expired', null)
    const noLogin = group('l', 'expiring', min(5), ['deploy'], { loginProfile: null })
    const noLoginExpired = group('e', 'expired', min(-1), ['deploy'], { loginProfile: null })
    const r = decide({ groups: [noExpiry, noLogin, noLoginExpired], memory: { shown: {}, lastSeen: min(-2) } })
    expect(r.notices).toEqual([])
    expect(r.memory.shown).toEqual({})
  })

  it('words the warning and the expiry, adding which profiles one login covers only when several share it', () => {
    const r = decide({
      groups: [group('one', 'expiring', min(5)), group('two', 'expired', min(-1), ['dev', 'prod'])],
      memory: { shown: {}, lastSeen: min(-2) },
    })
    expect(r.notices.map((n) => [n.title, n.body])).toEqual([
      ['AWS SSO: one expires in 5m', 'Log in again now to avoid "Token has expired" mid-task.'],
      ['AWS SSO: dev and prod expired', 'The AWS CLI will fail with "Token has expired" until you log in. One login covers dev, prod.'],
    ])
  })

  it('names the first profile and counts the rest when three or more share a token', () => {
    const r = decide({ groups: [group('corp', 'expiring', min(5), ['dev', 'prod', 'audit'])] })
    expect(r.notices.map((n) => [n.title, n.body])).toEqual([
      ['AWS SSO: dev and 2 more expire in 5m', 'Log in again now to avoid "Token has expired" mid-task. One login covers dev, prod, audit.'],
    ])
  })

  it('a snooze ends at its time: at that moment notices show again', () => {
    const g = [group('a', 'expiring', min(5))]
    expect(decide({ groups: g, snoozes: { '*': NOW } }).notices).toHaveLength(1)
    expect(decide({ groups: g, snoozes: { 'sso-session:a': NOW } }).notices).toHaveLength(1)
    expect(decide({ groups: g, snoozes: { '*': NOW + 1 } }).notices).toHaveLength(0)
    expect(decide({ groups: g, snoozes: { 'sso-session:a': NOW + 1 } }).notices).toHaveLength(0)
  })

  it('tells a config error with its own kind, title and key, and holds it while "config" is snoozed', () => {
    const configErrors = [
      { file: '/h/.aws/config', line: 3, message: 'duplicate section' },
      { file: '/h/.aws/config', line: 9, message: 'bad line' },
    ]
    const r = decide({ configErrors })
    expect(r.notices).toEqual([
      {
        key: 'config|/h/.aws/config:3:duplicate section|/h/.aws/config:9:bad line',
        kind: 'config-error',
        group: null,
        profile: null,
        title: 'AWS config cannot be read',
        body: '/h/.aws/config:3: duplicate section',
      },
    ])
    expect(decide({ configErrors, snoozes: { config: NOW + 1 } }).notices).toEqual([])
  })

  it('tells a changed config error again (another line, file or message is another event)', () => {
    const first = decide({ configErrors: [{ file: 'a', line: 1, message: 'x' }] })
    const again = (configErrors: PolicyInput['configErrors']) => decide({ configErrors, memory: first.memory }).notices.length
    expect(again([{ file: 'a', line: 1, message: 'x' }])).toBe(0)
    expect(again([{ file: 'a', line: 2, message: 'x' }])).toBe(1)
    expect(again([{ file: 'b', line: 1, message: 'x' }])).toBe(1)
    expect(again([{ file: 'a', line: 1, message: 'y' }])).toBe(1)
    // Two errors are not the one error whose message happens to read like both.
    const two = decide({
      configErrors: [
        { file: 'a', line: 1, message: 'b' },
        { file: 'c', line: 2, message: 'd' },
      ],
    })
    expect(decide({ configErrors: [{ file: 'a', line: 1, message: 'bc:2:d' }], memory: two.memory }).notices).toHaveLength(1)
  })

  it('shows up to three notices separately; a fourth folds them into one summary', () => {
    const groups = ['a', 'b', 'c', 'd'].map((n) => group(n, 'expiring', min(5)))
    expect(decide({ groups: groups.slice(0, 3) }).notices.map((n) => n.kind)).toEqual(['expiring', 'expiring', 'expiring'])
    const r = decide({ groups })
    expect(r.notices).toEqual([
      {
        key: `summary|${NOW}`,
        kind: 'summary',
        group: null,
        profile: null,
        title: 'AWS SSO: 4 sessions need attention',
        body: 'a, b, c, d. Open the tray menu to log in.',
      },
    ])
  })

  it('a summary names at most six profiles, leaving config errors out of the names', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`)
    const configErrors = [{ file: 'f', line: 1, message: 'm' }]
    const six = decide({ groups: names(6).map((n) => group(n, 'expiring', min(5))), configErrors })
    expect(six.notices.map((n) => [n.title, n.body])).toEqual([['AWS SSO: 7 sessions need attention', 'p1, p2, p3, p4, p5, p6. Open the tray menu to log in.']])
    const seven = decide({ groups: names(7).map((n) => group(n, 'expiring', min(5))) })
    expect(seven.notices.map((n) => n.body)).toEqual(['p1, p2, p3, p4, p5, p6, …. Open the tray menu to log in.'])
  })
})

describe('sessionEndedNotice', () => {
  it('is keyed by group and expiry (or "none"), and says why the session needs a login', () => {
    expect(sessionEndedNotice(group('corp', 'refreshable', min(10), ['dev', 'prod', 'audit']), 'Token has expired and refresh failed')).toEqual({
      key: `sso-session:corp|${min(10)}|session-ended`,
      kind: 'session-ended',
      group: 'sso-session:corp',
      profile: 'dev',
      title: 'AWS SSO: dev and 2 more need a new login',
      body: 'The SSO session ended and the AWS CLI could not refresh it (Token has expired and refresh failed). One login covers dev, prod, audit.',
    })
    const lone = sessionEndedNotice(group('solo', 'refreshable', null), 'x')
    expect([lone.key, lone.body]).toEqual(['sso-session:solo|none|session-ended', 'The SSO session ended and the AWS CLI could not refresh it (x).'])
  })
})
