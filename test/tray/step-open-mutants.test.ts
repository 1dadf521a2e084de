// Tray step rules that need two sessions, a session without a login profile of its own, an
// unreadable token, a profile that leaves the config while it is being checked or logged in,
// or more notices at once than are shown apart. Each trace lists every effect in order, as
// step-trace.test.ts does; a few read the state the step leaves (a check's count, a console).

import { describe, expect, it } from 'vitest'
import type { MenuItem, MenuModel } from '../../src/core/tray/model.ts'
import { initialTrayState, type LoadedData, type TrayEffect } from '../../src/core/tray/state.ts'
import type { TokenInput } from '../../src/core/types.ts'
import { fresh, loadedData, MIN, NOW, token, trace } from './support/step-trace.ts'

const DAY = 24 * 60 * MIN
// dev comes first in the config, so a rule that took "the first profile" or "the first session"
// instead of the right one would name dev or corp where ops or team belong.
const SESSIONS = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[sso-session team]
sso_start_url = https://team.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Read
`
const OPS = `[profile ops]
sso_session = team
sso_account_id = 555555555555
sso_role_name = Ops
`
const REST = `[profile chain]
role_arn = arn:aws:iam::666666666666:role/Deploy
source_profile = ops
[profile broken]
sso_session = nowhere
sso_account_id = 777777777777
sso_role_name = Read
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 333333333333
sso_role_name = Read
[profile odd]
sso_start_url = https://odd.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444444444444
sso_role_name = Read
`
const CONFIG = SESSIONS + OPS + REST
const data = (tokens: Record<string, TokenInput>, extra: Partial<LoadedData> = {}, config = CONFIG): LoadedData => loadedData(config, tokens, extra)
const CORP = 'sso-session:corp'
const TEAM = 'sso-session:team'

const OLD_URL = 'https://old.awsapps.com/start'
const ODD_URL = 'https://odd.awsapps.com/start'
const find = (items: readonly MenuItem[], key: string): MenuItem | undefined => {
  for (const i of items) {
    if (i.key === key) return i
    const inner = find(i.items ?? [], key)
    if (inner) return inner
  }
  return undefined
}
const lastMenu = (fx: readonly TrayEffect[]): MenuModel => {
  const r = fx.filter((e) => e.type === 'render').pop()
  if (r?.type !== 'render') throw new Error('no render')
  return r.model
}
const ok = { account: '555555555555', arn: 'arn:aws:sts::5:assumed-role/Ops/x', userId: 'u' }
const expiredProbe = { class: 'auth-expired' as const, message: 'Token has expired and refresh failed' }

describe('tray step: two sessions, where the first one is not the one acted on', () => {
  it('a probe due for the second session verifies its own login profile; a wake retries a waiting probe at once; the ended-session notice names that session, its Log in logs it in, and a new token closes it', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(-5), team: token(5, true) }) }],
      [1, { type: 'verify-result', profile: 'ops', purpose: 'probe', group: TEAM, result: { class: 'network', message: 'offline' } }],
      // The retry is due at +2m; a wake at +1.5m runs it with the reload it asks for.
      [1.5, { type: 'wake' }],
      [1.5, { type: 'loaded', data: data({ corp: token(-5), team: token(5, true) }) }],
      [2, { type: 'verify-result', profile: 'ops', purpose: 'probe', group: TEAM, result: expiredProbe }],
      [2, { type: 'notice-action', key: `token:${TEAM}`, button: 'login' }],
      [3, { type: 'login-report', group: TEAM, report: { type: 'verified', ...ok } }],
      [3, { type: 'login-ended', group: TEAM, error: null }],
      [3, { type: 'loaded', data: data({ corp: token(-5), team: token(480, true) }) }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":"tag1"}}}',
      'verify ops probe sso-session:team',
      'save {"shown":{"sso-session:corp|1796126100000|expired":1796126400000,"sso-session:corp|1796126100000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +1m',
      '> verify-result',
      'log {"message":"quiet refresh of ops failed: offline"}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +2m',
      '> wake',
      'load {}',
      '> loaded',
      'verify ops probe sso-session:team',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +2m',
      '> verify-result',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":"tag1","endedAt":1796126520000,"aliveAt":null}}}',
      'save {"shown":{"sso-session:corp|1796126100000|expired":1796126400000,"sso-session:corp|1796126100000|expiring":1796126400000,"sso-session:team|1796126700000|session-ended":1796126520000},"lastSeen":1796126490000,"snoozes":{}}',
      'notify token:sso-session:team: AWS SSO: ops and chain need a new login | The SSO session ended and the AWS CLI could not refresh it (Token has expired and refresh failed). One login covers ops, chain. | login,snooze',
      'load {}',
      '> notice-action login',
      'start-login sso-session:team ops',
      'render busy "logging in to team, 3 sessions need login, 1 error"',
      '> login-report',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":1796126580000,"learnedMs":[],"tag":"tag1","endedAt":null,"aliveAt":null}}}',
      'notify login:sso-session:team: AWS SSO: logged in to team | Verified: account 555555555555. Valid for ops, chain. | ',
      'render login "3 sessions need login, 1 error"',
      '> login-ended',
      'load {}',
      'render login "3 sessions need login, 1 error"',
      '> loaded',
      'close-notice {"key":"token:sso-session:team"}',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":1796126580000,"learnedMs":[],"tag":"tag1","endedAt":null,"aliveAt":1796126580000}}}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +4m',
    ])
  })

  it('ensure: a caller of the second session is checked with its own profile once that session is usable; a caller whose profile left the config is not checked', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(-5), team: token(-5) }) }],
      [0, { type: 'ensure-request', id: 'r1', profile: 'ops', requester: 'make' }],
      [0, { type: 'ensure-request', id: 'r2', profile: 'prod', requester: 'make' }],
      [1, { type: 'loaded', data: data({ corp: token(60), team: token(60) }, {}, SESSIONS.replace(/\[profile prod\][^[]*/, '') + OPS + REST) }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"sso-session:corp|1796126100000|expired":1796126400000,"sso-session:corp|1796126100000|expiring":1796126400000,"sso-session:team|1796126100000|expired":1796126400000,"sso-session:team|1796126100000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render login "4 sessions need login, 1 error"',
      'status aws ✕ 5',
      'wake-at +1m',
      '> ensure-request',
      'ensure-send {"id":"r1","event":{"type":"requested","profile":"ops","session":"team"}}',
      'notify ensure:sso-session:team: AWS SSO: log in to team? | make asks for a login of ops. | login,decline',
      'render login "4 sessions need login, 1 error"',
      '> ensure-request',
      'ensure-send {"id":"r2","event":{"type":"requested","profile":"prod","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make asks for a login of prod. | login,decline',
      'render login "4 sessions need login, 1 error"',
      '> loaded',
      'verify ops ensure sso-session:team',
      'close-notice {"key":"ensure:sso-session:team"}',
      'render login "2 sessions need login, 1 error"',
      'status aws ✕ 3',
      'wake-at +2m',
    ])
    expect(Object.keys(r.state.requests)).toEqual(['r1', 'r2'])
    expect(r.state.requests.r2?.phase).toBe('asked')
  })
})

describe('tray step: ensure callers of one session in different phases', () => {
  it('one quiet sts per session while one runs; a checking caller that leaves asks nobody again; an ensure check answered during a login changes nothing', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(60) }) }],
      [0, { type: 'ensure-request', id: 'r1', profile: 'dev', requester: 'make' }],
      [1, { type: 'loaded', data: data({ corp: token(-5) }) }],
      [1, { type: 'ensure-request', id: 'r2', profile: 'prod', requester: 'make' }],
      // Usable again while r1's sts still runs: r2 joins it, no second sts.
      [2, { type: 'loaded', data: data({ corp: token(60) }) }],
      [3, { type: 'loaded', data: data({ corp: token(-5) }) }],
      [3, { type: 'ensure-request', id: 'r3', profile: 'dev', requester: 'terraform' }],
      // r1 was checking, not asked: its leaving does not re-ask for r3.
      [3, { type: 'ensure-gone', id: 'r1' }],
      [3, { type: 'menu', action: { type: 'login', group: CORP } }],
      [4, { type: 'verify-result', profile: 'dev', purpose: 'ensure', group: CORP, result: { class: 'auth-expired', message: 'expired' } }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +1m',
      '> ensure-request',
      'ensure-send {"id":"r1","event":{"type":"requested","profile":"dev","session":"corp"}}',
      'verify dev ensure sso-session:corp',
      'render login "3 sessions need login, 1 error"',
      '> loaded',
      'save {"shown":{"sso-session:corp|1796126100000|expired":1796126460000,"sso-session:corp|1796126100000|expiring":1796126460000},"lastSeen":1796126460000,"snoozes":{}}',
      'render login "4 sessions need login, 1 error"',
      'status aws ✕ 5',
      'wake-at +2m',
      '> ensure-request',
      'ensure-send {"id":"r2","event":{"type":"requested","profile":"prod","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make asks for a login of prod. | login,decline',
      'render login "4 sessions need login, 1 error"',
      '> loaded',
      'close-notice {"key":"ensure:sso-session:corp"}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +3m',
      '> loaded',
      'render login "4 sessions need login, 1 error"',
      'status aws ✕ 5',
      'wake-at +4m',
      '> ensure-request',
      'ensure-send {"id":"r3","event":{"type":"requested","profile":"dev","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | terraform asks for a login of dev. | login,decline',
      'render login "4 sessions need login, 1 error"',
      '> ensure-gone',
      'render login "4 sessions need login, 1 error"',
      '> menu login',
      'start-login sso-session:corp dev',
      'close-notice {"key":"ensure:sso-session:corp"}',
      'render busy "logging in to corp, 3 sessions need login, 1 error"',
      '> verify-result',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null,"endedAt":1796126640000,"aliveAt":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'load {}',
      'render busy "logging in to corp, 3 sessions need login, 1 error"',
    ])
    expect(Object.values(r.state.requests).map((x) => `${x.profile} ${x.phase}`)).toEqual(['prod following', 'dev following'])
  })
})

describe('tray step: what cannot log in, verify or be checked', () => {
  it('refused: a session whose login profile is hidden (no SSO login of its own), an unreadable token (its reason); no login, verification or check for them', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: { status: 'unreadable', reason: 'not JSON' }, team: token(-5) }, { hide: ['ops'] }) }],
      [0, { type: 'ensure-request', id: 'r1', profile: 'chain', requester: 'make' }],
      [0, { type: 'ensure-request', id: 'r2', profile: 'dev', requester: 'make' }],
      [0, { type: 'menu', action: { type: 'login', group: TEAM } }],
      [0, { type: 'menu', action: { type: 'verify', profile: 'broken' } }],
      [0, { type: 'menu', action: { type: 'check-all' } }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'render login "3 sessions need login, 2 errors"',
      'status aws ✕ 5',
      'wake-at +1m',
      '> ensure-request',
      'ensure-send {"id":"r1","event":{"type":"failed","class":"cli-error","message":"profile \\"chain\\" cannot log in: no SSO login of its own"}}',
      '> ensure-request',
      'ensure-send {"id":"r2","event":{"type":"failed","class":"cli-error","message":"profile \\"dev\\" cannot log in: not JSON"}}',
      '> menu login',
      '> menu verify',
      '> menu check-all',
      'verify dev check null',
      'verify prod check null',
      'render login "3 sessions need login, 2 errors"',
    ])
    // dev, prod, chain, old and odd: not broken (its config error), not ops (hidden).
    expect(r.state.check?.total).toBe(5)
    expect(find(lastMenu(r.effects[5] ?? []).items, 'check-all')?.title).toBe('Checking 0/5…')
  })
})

describe('tray step: notices and what is saved of them', () => {
  it('more than three notices at once are one summary; a config error still has its own', () => {
    const four = { corp: token(10), team: token(10), [OLD_URL]: token(10), [ODD_URL]: token(10) }
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data(four) }],
      [1, { type: 'loaded', data: data(four, { configErrors: [{ file: '/h/.aws/config', line: 3, message: 'bad line' }] }) }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'notify summary: AWS SSO: 4 sessions need attention | dev, ops, old, odd. Open the tray menu to log in. | ',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"sso-session:corp|1796127000000|expiring":1796126400000,"sso-session:team|1796127000000|expiring":1796126400000,"legacy-sso:https://old.awsapps.com/start|1796127000000|expiring":1796126400000,"legacy-sso:https://odd.awsapps.com/start|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render expiring "4 expiring, 1 error"',
      'status aws ✕ nowhere',
      'wake-at +1m',
      '> loaded',
      'notify config: AWS config cannot be read | /h/.aws/config:3: bad line | open-config',
      'save {"shown":{"sso-session:corp|1796127000000|expiring":1796126400000,"sso-session:team|1796127000000|expiring":1796126400000,"legacy-sso:https://old.awsapps.com/start|1796127000000|expiring":1796126400000,"legacy-sso:https://odd.awsapps.com/start|1796127000000|expiring":1796126400000,"config|/h/.aws/config:3:bad line":1796126460000},"lastSeen":1796126460000,"snoozes":{}}',
      'render expiring "4 expiring, 2 errors"',
      'status aws ✕ nowhere',
      'wake-at +2m',
    ])
  })

  it('a record forgotten after a week is saved; so is one replaced by another, the count unchanged', () => {
    const old = initialTrayState({ shown: { 'gone|1|expired': NOW - 8 * DAY }, lastSeen: NOW - MIN, snoozes: {} }, NOW, 2)
    const later = (corp: number) => data({ corp: token(corp), team: token(300), [OLD_URL]: token(300), [ODD_URL]: token(300) })
    expect(trace(old, [[0, { type: 'loaded', data: later(300) }]]).lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{},"lastSeen":1796126400000,"snoozes":{}}',
      'render error "1 error"',
      'status aws ✕ nowhere',
      'wake-at +1m',
    ])
    expect(trace(old, [[0, { type: 'loaded', data: later(10) }]]).lines).toEqual([
      '> loaded',
      'notify token:sso-session:corp: AWS SSO: dev and prod expire in 10m | Log in again now to avoid "Token has expired" mid-task. One login covers dev, prod. | login,snooze',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"sso-session:corp|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render expiring "1 expiring, 1 error"',
      'status aws ✕ nowhere',
      'wake-at +1m',
    ])
  })

  it('a snooze whose look already saved (an old snooze ended) is saved once', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(10), team: token(-5) }) }],
      [0, { type: 'notice-action', key: `token:${CORP}`, button: 'snooze' }],
      [61, { type: 'menu', action: { type: 'snooze', minutes: 30 } }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'notify token:sso-session:corp: AWS SSO: dev and prod expire in 10m | Log in again now to avoid "Token has expired" mid-task. One login covers dev, prod. | login,snooze',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"sso-session:team|1796126100000|expired":1796126400000,"sso-session:team|1796126100000|expiring":1796126400000,"sso-session:corp|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render login "3 sessions need login, 1 expiring, 1 error"',
      'status aws ✕ 4',
      'wake-at +1m',
      '> notice-action snooze',
      'render login "3 sessions need login, 1 expiring, 1 error"',
      'status aws ✕ 4',
      'wake-at +1m',
      'save {"shown":{"sso-session:team|1796126100000|expired":1796126400000,"sso-session:team|1796126100000|expiring":1796126400000,"sso-session:corp|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{"sso-session:corp":1796130000000}}',
      '> menu snooze',
      'save {"shown":{"sso-session:team|1796126100000|expired":1796126400000,"sso-session:team|1796126100000|expiring":1796126400000,"sso-session:corp|1796127000000|expiring":1796126400000},"lastSeen":1796130060000,"snoozes":{"*":1796131860000}}',
      'render login "4 sessions need login, 1 error"',
      'status aws ✕ 5',
      'wake-at +62m',
    ])
    expect(r.effects[2]?.filter((e) => e.type === 'save')).toHaveLength(1)
  })

  it('closing one notice keeps the others: a cancelled login closes its own, and the expiry notice still closes when fixed', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(10), team: token(-5) }) }],
      [0, { type: 'menu', action: { type: 'login', group: TEAM } }],
      [0, { type: 'login-report', group: TEAM, report: { type: 'url', url: 'https://device.sso/', flow: 'device' } }],
      [1, { type: 'login-report', group: TEAM, report: { type: 'failed', class: 'cancelled', message: 'cancelled' } }],
      [2, { type: 'loaded', data: data({ corp: token(600), team: token(-5) }) }],
    ])
    expect(r.lines.slice(7)).toEqual([
      '> menu login',
      'start-login sso-session:team ops',
      'render busy "logging in to team, 2 sessions need login, 1 expiring, 1 error"',
      '> login-report',
      'notify login:sso-session:team: AWS SSO: approve the login for team | The sign-in page is open and its URL is on the clipboard. | confirm,open,cancel',
      'render busy "logging in to team, 2 sessions need login, 1 expiring, 1 error"',
      '> login-report',
      'close-notice {"key":"login:sso-session:team"}',
      'render login "3 sessions need login, 1 expiring, 1 error"',
      '> loaded',
      'close-notice {"key":"token:sso-session:corp"}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +3m',
    ])
  })

  it('the status report judges expiry by the configured warning time', () => {
    const r = trace(fresh(), [[0, { type: 'loaded', data: data({ corp: token(30) }, { warnMs: 60 * MIN }) }]])
    const status = r.effects[0]?.find((e) => e.type === 'status')
    const states = status?.type === 'status' ? status.report.profiles.map((p) => `${p.name} ${p.token?.state ?? '-'}`) : []
    expect(states.slice(0, 2)).toEqual(['dev expiring', 'prod expiring'])
  })
})

describe('tray step: the config changes while a check or a login runs', () => {
  it('check all: a profile gone from the config is counted as done, not verified', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(60), team: token(60) }) }],
      [0, { type: 'menu', action: { type: 'check-all' } }],
      [1, { type: 'loaded', data: data({ corp: token(60), team: token(60) }, {}, SESSIONS + REST) }],
      [1, { type: 'verify-result', profile: 'dev', purpose: 'check', group: null, result: ok }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'render login "2 sessions need login, 1 error"',
      'status aws ✕ 3',
      'wake-at +1m',
      '> menu check-all',
      'verify dev check null',
      'verify prod check null',
      'render login "2 sessions need login, 1 error"',
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'render login "2 sessions need login, 2 errors"',
      'status aws ✕ 4',
      'wake-at +2m',
      '> verify-result',
      'verify chain check null',
      'render login "2 sessions need login, 2 errors"',
    ])
    expect(r.state.check).toEqual({ queue: ['old', 'odd'], inFlight: ['prod', 'chain'], total: 6, done: 2, failed: [], finishedAt: null })
    expect(find(lastMenu(r.effects[3] ?? []).items, 'check-all')?.title).toBe('Checking 2/6…')
  })

  it('a login verified after its session left the config is told for the profile it ran with; a failed login lets its waiting console go at once', () => {
    const r = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(60), team: token(-5) }) }],
      [0, { type: 'menu', action: { type: 'console', profile: 'ops' } }],
      [1, { type: 'loaded', data: data({ corp: token(60) }, {}, SESSIONS + REST) }],
      [2, { type: 'login-report', group: TEAM, report: { type: 'verified', ...ok } }],
      [2, { type: 'login-ended', group: TEAM, error: null }],
      [3, { type: 'loaded', data: data({ corp: token(60), team: token(-5) }) }],
      [3, { type: 'menu', action: { type: 'console', profile: 'ops' } }],
      [4, { type: 'login-report', group: TEAM, report: { type: 'failed', class: 'timeout', message: 'no answer' } }],
      [4, { type: 'login-ended', group: TEAM, error: null }],
    ])
    expect(r.lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"sso-session:team|1796126100000|expired":1796126400000,"sso-session:team|1796126100000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +1m',
      '> menu console',
      'start-login sso-session:team ops',
      'render busy "logging in to team, 2 sessions need login, 1 error"',
      'render busy "logging in to team, 2 sessions need login, 1 error"',
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'render busy "2 sessions need login, 2 errors"',
      'status aws ✕ 4',
      'wake-at +2m',
      '> login-report',
      'notify login:sso-session:team: AWS SSO: logged in to sso-session:team | Verified: account 555555555555. Valid for ops. | ',
      'render login "2 sessions need login, 2 errors"',
      '> login-ended',
      'load {}',
      'render login "2 sessions need login, 2 errors"',
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null},"sso-session:team":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'render login "3 sessions need login, 1 error"',
      'status aws ✕ 4',
      'wake-at +4m',
      '> menu console',
      'start-login sso-session:team ops',
      'render busy "logging in to team, 2 sessions need login, 1 error"',
      'render busy "logging in to team, 2 sessions need login, 1 error"',
      '> login-report',
      'notify login:sso-session:team: AWS SSO: login to team failed | no answer (timeout) | login',
      'render login "3 sessions need login, 1 error"',
      '> login-ended',
      'load {}',
      'render login "3 sessions need login, 1 error"',
    ])
    expect(find(lastMenu(r.effects[6] ?? []).items, 'profile:ops:console')?.title).toBe('Open console (after login)…')
    expect(find(lastMenu(r.effects[7] ?? []).items, 'profile:ops:console')?.title).toBe('Open console')
  })
})
