// The tray step's effects, every one in order, for scripted sessions of clicks, login reports,
// verifications, probes, settings and restarts. step.test.ts and the others check rules one by
// one; these traces pin the rest: each log line, notice key and text, save, load, close and
// verify the step asks the shell for, so no effect can change, appear or go missing unnoticed.

import { describe, expect, it } from 'vitest'
import { initialTrayState, type LoadedData } from '../../src/core/tray/state.ts'
import { step } from '../../src/core/tray/step.ts'
import type { TokenInput } from '../../src/core/types.ts'
import { fresh, loadedData, MIN, NOW, token, trace } from './support/step-trace.ts'

const CONFIG = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Read
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 333333333333
sso_role_name = Read
[profile odd name]
sso_start_url = https://odd.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444444444444
sso_role_name = Read
[profile plain]
region = eu-west-1
`
const CORP = 'sso-session:corp'
const OLD = 'legacy-sso:https://old.awsapps.com/start'

const data = (tokens: Record<string, TokenInput>, extra: Partial<LoadedData> = {}): LoadedData => loadedData(CONFIG, tokens, extra)

describe('tray step traces', () => {
  it('a login from the menu and from notices: every report, button and ending, one after another', () => {
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(10), 'https://old.awsapps.com/start': token(-300) }, { warnings: ['w1'] }) }],
      [0, { type: 'loaded', data: data({ corp: token(10), 'https://old.awsapps.com/start': token(-300) }, { warnings: ['w1', 'w2'] }) }],
      [1, { type: 'menu', action: { type: 'copy-url', group: CORP } }],
      [1, { type: 'menu', action: { type: 'confirm', group: CORP } }],
      [1, { type: 'notice-action', key: `token:${CORP}`, button: 'confirm' }],
      [1, { type: 'notice-action', key: `token:${CORP}`, button: 'login' }],
      [1, { type: 'menu', action: { type: 'login', group: CORP } }],
      [1, { type: 'notice-action', key: `token:${CORP}`, button: 'login' }],
      [1, { type: 'login-report', group: CORP, report: { type: 'note', message: 'aws says hello' } }],
      [1, { type: 'login-report', group: CORP, report: { type: 'url', url: 'https://device.sso/', flow: 'device' } }],
      [1, { type: 'login-report', group: CORP, report: { type: 'code', userCode: 'ABCD-EFGH', prefilled: false } }],
      [2, { type: 'menu', action: { type: 'copy-url', group: CORP } }],
      [2, { type: 'menu', action: { type: 'open-url', group: CORP } }],
      [2, { type: 'notice-action', key: `login:${CORP}`, button: 'open' }],
      [2, { type: 'notice-action', key: `token:${CORP}`, button: 'login' }],
      [2, { type: 'notice-action', key: `login:${CORP}`, button: 'confirm' }],
      [2, { type: 'menu', action: { type: 'confirm', group: CORP } }],
      [3, { type: 'login-report', group: CORP, report: { type: 'success' } }],
      [3, { type: 'login-report', group: CORP, report: { type: 'verified', account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x' } }],
      [3, { type: 'login-ended', group: CORP, error: null }],
      [4, { type: 'menu', action: { type: 'login', group: OLD } }],
      [4, { type: 'menu', action: { type: 'cancel', group: OLD } }],
      [4, { type: 'notice-action', key: `login:${OLD}`, button: 'cancel' }],
      [4, { type: 'login-report', group: OLD, report: { type: 'failed', class: 'cancelled', message: 'cancelled' } }],
      [4, { type: 'login-ended', group: OLD, error: null }],
      [5, { type: 'menu', action: { type: 'login', group: OLD } }],
      [5, { type: 'login-ended', group: OLD, error: 'aws: command not found' }],
      [5, { type: 'login-ended', group: 'sso-session:nowhere', error: 'gone' }],
    ])
    expect(lines).toEqual([
      '> loaded',
      'log {"message":"settings: w1"}',
      'notify token:sso-session:corp: AWS SSO: dev and prod expire in 10m | Log in again now to avoid "Token has expired" mid-task. One login covers dev, prod. | login,snooze',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"legacy-sso:https://old.awsapps.com/start|1796108400000|expired":1796126400000,"legacy-sso:https://old.awsapps.com/start|1796108400000|expiring":1796126400000,"sso-session:corp|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render login "1 session needs login, 1 expiring"',
      'status aws ✕ old',
      'wake-at +1m',
      '> loaded',
      'log {"message":"settings: w2"}',
      'render login "1 session needs login, 1 expiring"',
      'status aws ✕ old',
      'wake-at +1m',
      '> menu copy-url',
      '> menu confirm',
      '> notice-action confirm',
      '> notice-action login',
      'start-login sso-session:corp dev',
      'render busy "logging in to corp, 1 session needs login"',
      '> menu login',
      '> notice-action login',
      '> login-report',
      'log {"message":"login corp: aws says hello"}',
      '> login-report',
      'notify login:sso-session:corp: AWS SSO: approve the login for corp | The sign-in page is open and its URL is on the clipboard. | confirm,open,cancel',
      'render busy "logging in to corp, 1 session needs login"',
      '> login-report',
      'notify login:sso-session:corp: AWS SSO: approve the login for corp | The sign-in page is open and its URL is on the clipboard. Enter the code ABCD-EFGH on the page. | confirm,open,cancel',
      'render busy "logging in to corp, 1 session needs login"',
      '> menu copy-url',
      'copy {"text":"https://device.sso/"}',
      '> menu open-url',
      'open-url {"url":"https://device.sso/"}',
      '> notice-action open',
      'open-url {"url":"https://device.sso/"}',
      '> notice-action login',
      'confirm-login {"group":"sso-session:corp"}',
      '> notice-action confirm',
      'confirm-login {"group":"sso-session:corp"}',
      '> menu confirm',
      'confirm-login {"group":"sso-session:corp"}',
      '> login-report',
      'render busy "logging in to corp, 1 session needs login"',
      '> login-report',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":1796126580000,"learnedMs":[],"tag":null,"endedAt":null,"aliveAt":null}}}',
      'notify login:sso-session:corp: AWS SSO: logged in to corp | Verified: account 111111111111. Valid for dev, prod. | ',
      'render login "1 session needs login, 1 expiring"',
      '> login-ended',
      'load {}',
      'render login "1 session needs login, 1 expiring"',
      '> menu login',
      'start-login legacy-sso:https://old.awsapps.com/start old',
      'render busy "logging in to https://old.awsapps.com/start, 1 expiring"',
      '> menu cancel',
      'cancel-login {"group":"legacy-sso:https://old.awsapps.com/start"}',
      '> notice-action cancel',
      '> login-report',
      'render login "1 session needs login, 1 expiring"',
      '> login-ended',
      'load {}',
      'render login "1 session needs login, 1 expiring"',
      '> menu login',
      'start-login legacy-sso:https://old.awsapps.com/start old',
      'render busy "logging in to https://old.awsapps.com/start, 1 expiring"',
      '> login-ended',
      'log {"message":"cannot log in old: aws: command not found"}',
      'notify login:legacy-sso:https://old.awsapps.com/start: AWS SSO: cannot log in to https://old.awsapps.com/start | aws: command not found | ',
      'load {}',
      'render login "1 session needs login, 1 expiring"',
      '> login-ended',
      'log {"message":"cannot log in sso-session:nowhere: gone"}',
      'notify login:sso-session:nowhere: AWS SSO: cannot log in to sso-session:nowhere | gone | ',
      'load {}',
      'render login "1 session needs login, 1 expiring"',
    ])
  })

  it('menu items, notice buttons, problems, restarts, snoozes, ticks and quit', () => {
    const { lines } = trace(fresh(), [
      [0, { type: 'config-missing', file: '/h/.aws/config' }],
      [0, { type: 'load-failed', message: 'EACCES' }],
      [0, { type: 'loaded', data: data({ corp: token(60), 'https://old.awsapps.com/start': token(10) }) }],
      [0, { type: 'menu', action: { type: 'open-config' } }],
      [0, { type: 'menu', action: { type: 'open-settings' } }],
      [0, { type: 'menu', action: { type: 'autostart', enable: true } }],
      [0, { type: 'menu', action: { type: 'copy-export', profile: 'odd name' } }],
      [0, { type: 'menu', action: { type: 'open-portal', group: CORP } }],
      [0, { type: 'menu', action: { type: 'refresh' } }],
      [0, { type: 'notice-action', key: 'config', button: 'open-config' }],
      [0, { type: 'notice-action', key: 'config', button: 'other' }],
      [0, { type: 'notice-action', key: `token:${OLD}`, button: 'snooze' }],
      [0, { type: 'notice-action', key: `token:${OLD}`, button: 'something-else' }],
      [0, { type: 'menu', action: { type: 'snooze', minutes: 30 } }],
      [0, { type: 'menu', action: { type: 'resume-notifications' } }],
      [0, { type: 'problem', title: 'AWS SSO: tray helper', message: 'it crashed' }],
      [0, { type: 'problem', title: 'AWS SSO: tray helper', message: 'it crashed' }],
      [0, { type: 'tray-restarted' }],
      [0, { type: 'notifier-restarted' }],
      [0, { type: 'wake' }],
      [0, { type: 'files-changed' }],
      [1, { type: 'tick', elapsedMono: MIN }],
      [500, { type: 'tick', elapsedMono: MIN }],
      [500, { type: 'autostart-status', enabled: true, error: null }],
      [501, { type: 'menu', action: { type: 'quit' } }],
      [502, { type: 'wake' }],
    ])
    expect(lines).toEqual([
      '> config-missing',
      'notify config-missing: AWS SSO: no AWS config yet | /h/.aws/config does not exist. Create a profile with: aws configure sso | ',
      '> load-failed',
      'log {"message":"cannot read the AWS config: EACCES"}',
      'render none ""',
      '> loaded',
      'notify token:legacy-sso:https://old.awsapps.com/start: AWS SSO: old expires in 10m | Log in again now to avoid "Token has expired" mid-task. | login,snooze',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"legacy-sso:https://old.awsapps.com/start|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render expiring "1 expiring"',
      'status aws ◐ old 10m',
      'wake-at +1m',
      '> menu open-config',
      'open-config {"file":"/h/.aws/config"}',
      '> menu open-settings',
      'open-settings {}',
      '> menu autostart',
      'autostart {"enable":true}',
      '> menu copy-export',
      'copy {"text":"export AWS_PROFILE=\'odd name\'"}',
      '> menu open-portal',
      'open-url {"url":"https://corp.awsapps.com/start"}',
      '> menu refresh',
      'load {}',
      '> notice-action open-config',
      'open-config {"file":"/h/.aws/config"}',
      '> notice-action other',
      '> notice-action snooze',
      'render expiring "1 expiring"',
      'status aws ◐ old 10m',
      'wake-at +1m',
      'save {"shown":{"legacy-sso:https://old.awsapps.com/start|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{"legacy-sso:https://old.awsapps.com/start":1796130000000}}',
      '> notice-action something-else',
      '> menu snooze',
      'render expiring "1 expiring"',
      'status aws ◐ old 10m',
      'wake-at +1m',
      'save {"shown":{"legacy-sso:https://old.awsapps.com/start|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{"legacy-sso:https://old.awsapps.com/start":1796130000000,"*":1796128200000}}',
      '> menu resume-notifications',
      'render expiring "1 expiring"',
      'status aws ◐ old 10m',
      'wake-at +1m',
      'save {"shown":{"legacy-sso:https://old.awsapps.com/start|1796127000000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{"legacy-sso:https://old.awsapps.com/start":1796130000000}}',
      '> problem',
      'log {"message":"it crashed"}',
      'notify problem: AWS SSO: tray helper | it crashed | ',
      'render expiring "1 expiring"',
      '> problem',
      'log {"message":"it crashed"}',
      '> tray-restarted',
      'render expiring "1 expiring"',
      '> notifier-restarted',
      '> wake',
      'load {}',
      '> files-changed',
      'load {}',
      '> tick',
      'render expiring "1 expiring"',
      'status aws ◐ old 9m',
      'wake-at +2m',
      '> tick',
      'log {"message":"clock jump of 29880 s (sleep or clock change): re-reading"}',
      'load {}',
      '> autostart-status',
      'render expiring "1 expiring"',
      '> menu quit',
      'save {"shown":{"legacy-sso:https://old.awsapps.com/start|1796127000000|expiring":1796126400000},"lastSeen":1796126460000,"snoozes":{"legacy-sso:https://old.awsapps.com/start":1796130000000}}',
      'quit {}',
      '> wake',
    ])
  })

  it('a verification, a check of all profiles with bounded concurrency, and results that no longer match', () => {
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(60), 'https://old.awsapps.com/start': token(-10), 'https://odd.awsapps.com/start': token(200) }) }],
      [0, { type: 'menu', action: { type: 'verify', profile: 'dev' } }],
      [0, { type: 'menu', action: { type: 'verify', profile: 'dev' } }],
      [0, { type: 'menu', action: { type: 'verify', profile: 'nobody' } }],
      [
        1,
        {
          type: 'verify-result',
          profile: 'dev',
          purpose: 'verify',
          group: null,
          result: { account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'u' },
        },
      ],
      [1, { type: 'menu', action: { type: 'check-all' } }],
      [1, { type: 'menu', action: { type: 'check-all' } }],
      [
        2,
        {
          type: 'verify-result',
          profile: 'dev',
          purpose: 'check',
          group: null,
          result: { account: '111111111111', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'u' },
        },
      ],
      [2, { type: 'verify-result', profile: 'prod', purpose: 'check', group: null, result: { class: 'access-denied', message: 'denied' } }],
      [3, { type: 'verify-result', profile: 'old', purpose: 'check', group: null, result: { class: 'auth-expired', message: 'expired' } }],
      [3, { type: 'verify-result', profile: 'odd name', purpose: 'check', group: null, result: { account: '4', arn: 'arn', userId: 'u' } }],
      [4, { type: 'verify-result', profile: 'prod', purpose: 'verify', group: null, result: { class: 'network', message: 'offline' } }],
    ])
    expect(lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"legacy-sso:https://old.awsapps.com/start|1796125800000|expired":1796126400000,"legacy-sso:https://old.awsapps.com/start|1796125800000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render login "1 session needs login"',
      'status aws ✕ old',
      'wake-at +1m',
      '> menu verify',
      'verify dev verify null',
      'render login "1 session needs login"',
      '> menu verify',
      '> menu verify',
      '> verify-result',
      'load {}',
      'render login "1 session needs login"',
      '> menu check-all',
      'verify dev check null',
      'verify prod check null',
      'render login "1 session needs login"',
      '> menu check-all',
      '> verify-result',
      'verify old check null',
      'render login "1 session needs login"',
      '> verify-result',
      'render login "1 session needs login"',
      '> verify-result',
      'notify check: AWS SSO: 2 of 3 profiles failed | prod, old. Open the tray menu for details. | ',
      'load {}',
      'render login "1 session needs login"',
      '> verify-result',
      'render login "1 session needs login"',
      '> verify-result',
      'load {}',
      'render login "1 session needs login"',
    ])
  })

  it('the quiet probe of a refreshable session: a network failure retried, an ended session told once', () => {
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(5, true) }) }],
      [1, { type: 'verify-result', profile: 'dev', purpose: 'probe', group: CORP, result: { class: 'network', message: 'offline' } }],
      [1, { type: 'verify-result', profile: 'dev', purpose: 'probe', group: null, result: { class: 'network', message: 'offline' } }],
      [2, { type: 'tick', elapsedMono: MIN }],
      [
        2,
        {
          type: 'verify-result',
          profile: 'dev',
          purpose: 'probe',
          group: CORP,
          result: { class: 'auth-expired', message: 'Token has expired and refresh failed' },
        },
      ],
      [
        3,
        {
          type: 'verify-result',
          profile: 'dev',
          purpose: 'probe',
          group: CORP,
          result: { class: 'auth-expired', message: 'Token has expired and refresh failed' },
        },
      ],
    ])
    expect(lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":"tag1"}}}',
      'verify dev probe sso-session:corp',
      'render login "1 session needs login"',
      'status aws ✕ old',
      'wake-at +1m',
      '> verify-result',
      'log {"message":"quiet refresh of dev failed: offline"}',
      'render login "1 session needs login"',
      'status aws ✕ old',
      'wake-at +2m',
      '> verify-result',
      '> tick',
      'verify dev probe sso-session:corp',
      'render login "1 session needs login"',
      'status aws ✕ old',
      'wake-at +3m',
      '> verify-result',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":"tag1","endedAt":1796126520000,"aliveAt":null}}}',
      'save {"shown":{"sso-session:corp|1796126700000|session-ended":1796126520000},"lastSeen":1796126520000,"snoozes":{}}',
      'notify token:sso-session:corp: AWS SSO: dev and prod need a new login | The SSO session ended and the AWS CLI could not refresh it (Token has expired and refresh failed). One login covers dev, prod. | login,snooze',
      'load {}',
      '> verify-result',
      'load {}',
    ])
  })

  it('ensure callers: refused, asked, declined, gone, following a login, checked with a quiet sts, orphaned by a config change', () => {
    const toks = { corp: token(-5), 'https://old.awsapps.com/start': token(300) }
    const { lines } = trace(fresh(), [
      [0, { type: 'ensure-request', id: 'r0', profile: 'dev', requester: 'make' }],
      [0, { type: 'loaded', data: data(toks, { hide: ['prod'] }) }],
      [0, { type: 'ensure-request', id: 'r0', profile: 'nobody', requester: 'make' }],
      [0, { type: 'ensure-request', id: 'r0', profile: 'prod', requester: 'make' }],
      [0, { type: 'ensure-request', id: 'r0', profile: 'plain', requester: 'make' }],
      [0, { type: 'loaded', data: data(toks) }],
      [1, { type: 'ensure-request', id: 'r1', profile: 'dev', requester: 'make in ~/a' }],
      [1, { type: 'ensure-request', id: 'r2', profile: 'prod', requester: 'claude in ~/b' }],
      [1, { type: 'ensure-gone', id: 'r2' }],
      [1, { type: 'ensure-gone', id: 'nobody' }],
      [1, { type: 'menu', action: { type: 'decline', group: CORP } }],
      [2, { type: 'ensure-request', id: 'r3', profile: 'dev', requester: 'make in ~/a' }],
      [2, { type: 'notice-action', key: `ensure:${CORP}`, button: 'decline' }],
      [2, { type: 'ensure-request', id: 'r4', profile: 'dev', requester: 'make in ~/a' }],
      [2, { type: 'notice-action', key: `ensure:${CORP}`, button: 'login' }],
      [2, { type: 'login-report', group: CORP, report: { type: 'url', url: 'https://device.sso/', flow: 'device' } }],
      [2, { type: 'ensure-request', id: 'r5', profile: 'prod', requester: 'terraform' }],
      [2, { type: 'ensure-gone', id: 'r5' }],
      [3, { type: 'login-report', group: CORP, report: { type: 'verified', account: '111111111111', arn: 'arn' } }],
      [3, { type: 'login-ended', group: CORP, error: null }],
      [4, { type: 'ensure-request', id: 'r6', profile: 'old', requester: 'make' }],
      [4, { type: 'ensure-request', id: 'r7', profile: 'old', requester: 'make' }],
      [4, { type: 'verify-result', profile: 'old', purpose: 'ensure', group: OLD, result: { account: '3', arn: 'arn', userId: 'u' } }],
      [5, { type: 'ensure-request', id: 'r8', profile: 'old', requester: 'make' }],
      [5, { type: 'verify-result', profile: 'old', purpose: 'ensure', group: OLD, result: { class: 'network', message: 'offline' } }],
      [5, { type: 'ensure-request', id: 'r9', profile: 'old', requester: 'make' }],
      [5, { type: 'verify-result', profile: 'old', purpose: 'ensure', group: null, result: { class: 'network', message: 'offline' } }],
      [5, { type: 'verify-result', profile: 'old', purpose: 'ensure', group: OLD, result: { class: 'auth-expired', message: 'expired' } }],
      [6, { type: 'ensure-request', id: 'r10', profile: 'dev', requester: 'make' }],
      [6, { type: 'loaded', data: data(toks, { hide: ['old'] }) }],
      [7, { type: 'loaded', data: data({ corp: token(300), 'https://old.awsapps.com/start': token(300) }) }],
    ])
    expect(lines).toEqual([
      '> ensure-request',
      'ensure-send {"id":"r0","event":{"type":"failed","class":"cli-error","message":"the tray has not read the AWS config yet; try again in a moment"}}',
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'save {"shown":{"sso-session:corp|1796126100000|expired":1796126400000,"sso-session:corp|1796126100000|expiring":1796126400000},"lastSeen":1796126400000,"snoozes":{}}',
      'render login "1 session needs login"',
      'status aws ✕ corp',
      'wake-at +1m',
      '> ensure-request',
      'ensure-send {"id":"r0","event":{"type":"failed","class":"cli-error","message":"profile \\"nobody\\" is not in the AWS config the tray reads"}}',
      '> ensure-request',
      'ensure-send {"id":"r0","event":{"type":"failed","class":"cli-error","message":"profile \\"prod\\" is hidden in the tray (hide setting): run aws-sso-tray login prod"}}',
      '> ensure-request',
      'ensure-send {"id":"r0","event":{"type":"failed","class":"cli-error","message":"profile \\"plain\\" cannot log in: no SSO login of its own"}}',
      '> loaded',
      'render login "1 session needs login"',
      'status aws ✕ corp',
      'wake-at +1m',
      '> ensure-request',
      'ensure-send {"id":"r1","event":{"type":"requested","profile":"dev","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make in ~/a asks for a login of dev. | login,decline',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r2","event":{"type":"requested","profile":"prod","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make in ~/a and claude in ~/b asks for a login of dev, prod. | login,decline',
      'render login "1 session needs login"',
      '> ensure-gone',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make in ~/a asks for a login of dev. | login,decline',
      'render login "1 session needs login"',
      '> ensure-gone',
      '> menu decline',
      'ensure-send {"id":"r1","event":{"type":"declined","profile":"dev"}}',
      'close-notice {"key":"ensure:sso-session:corp"}',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r3","event":{"type":"requested","profile":"dev","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make in ~/a asks for a login of dev. | login,decline',
      'render login "1 session needs login"',
      '> notice-action decline',
      'ensure-send {"id":"r3","event":{"type":"declined","profile":"dev"}}',
      'close-notice {"key":"ensure:sso-session:corp"}',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r4","event":{"type":"requested","profile":"dev","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make in ~/a asks for a login of dev. | login,decline',
      'render login "1 session needs login"',
      '> notice-action login',
      'start-login sso-session:corp dev',
      'close-notice {"key":"ensure:sso-session:corp"}',
      'render busy "logging in to corp"',
      '> login-report',
      'ensure-send {"id":"r4","event":{"type":"url","url":"https://device.sso/","flow":"device"}}',
      'notify login:sso-session:corp: AWS SSO: approve the login for corp | The sign-in page is open and its URL is on the clipboard. | confirm,open,cancel',
      'render busy "logging in to corp"',
      '> ensure-request',
      'ensure-send {"id":"r5","event":{"type":"requested","profile":"prod","session":"corp"}}',
      'ensure-send {"id":"r5","event":{"type":"url","url":"https://device.sso/","flow":"device"}}',
      'render busy "logging in to corp"',
      '> ensure-gone',
      'render busy "logging in to corp"',
      '> login-report',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":1796126580000,"learnedMs":[],"tag":null,"endedAt":null,"aliveAt":null}}}',
      'ensure-send {"id":"r4","event":{"type":"verified","account":"111111111111","arn":"arn"}}',
      'notify login:sso-session:corp: AWS SSO: logged in to corp | Verified: account 111111111111. Valid for dev, prod. | ',
      'render login "1 session needs login"',
      '> login-ended',
      'load {}',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r6","event":{"type":"requested","profile":"old","session":"https://old.awsapps.com/start"}}',
      'verify old ensure legacy-sso:https://old.awsapps.com/start',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r7","event":{"type":"requested","profile":"old","session":"https://old.awsapps.com/start"}}',
      'render login "1 session needs login"',
      '> verify-result',
      'load {}',
      'ensure-send {"id":"r6","event":{"type":"verified","account":"3","arn":"arn"}}',
      'ensure-send {"id":"r7","event":{"type":"verified","account":"3","arn":"arn"}}',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r8","event":{"type":"requested","profile":"old","session":"https://old.awsapps.com/start"}}',
      'verify old ensure legacy-sso:https://old.awsapps.com/start',
      'render login "1 session needs login"',
      '> verify-result',
      'load {}',
      'ensure-send {"id":"r8","event":{"type":"failed","class":"network","message":"offline"}}',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r9","event":{"type":"requested","profile":"old","session":"https://old.awsapps.com/start"}}',
      'verify old ensure legacy-sso:https://old.awsapps.com/start',
      'render login "1 session needs login"',
      '> verify-result',
      '> verify-result',
      'load {}',
      'notify ensure:legacy-sso:https://old.awsapps.com/start: AWS SSO: log in to https://old.awsapps.com/start? | make asks for a login of old. | login,decline',
      'render login "1 session needs login"',
      '> ensure-request',
      'ensure-send {"id":"r10","event":{"type":"requested","profile":"dev","session":"corp"}}',
      'notify ensure:sso-session:corp: AWS SSO: log in to corp? | make asks for a login of dev. | login,decline',
      'render login "1 session needs login"',
      '> loaded',
      'close-notice {"key":"ensure:legacy-sso:https://old.awsapps.com/start"}',
      'ensure-send {"id":"r9","event":{"type":"failed","class":"cli-error","message":"the profile is no longer in the tray (config changed)"}}',
      'render login "1 session needs login"',
      'status aws ✕ corp',
      'wake-at +7m',
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":1796126580000,"learnedMs":[],"tag":null,"endedAt":null,"aliveAt":1796126820000}}}',
      'verify dev ensure sso-session:corp',
      'close-notice {"key":"ensure:sso-session:corp"}',
      'render ok ""',
      'status aws ✓',
      'wake-at +8m',
    ])
  })

  it('quiet hours hold a notice until they end; a config error is told and closed once fixed; notices off; a console that needs a login', () => {
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: data({ corp: token(10) }, { quietHours: { start: 11 * 60, end: 12 * 60 + 5 } }) }],
      [5, { type: 'tick', elapsedMono: 5 * MIN }],
      [6, { type: 'loaded', data: data({ corp: token(10) }, { configErrors: [{ file: '/h/.aws/config', line: 3, message: 'bad line' }] }) }],
      [6, { type: 'loaded', data: data({ corp: token(300) }) }],
      [7, { type: 'loaded', data: data({ corp: token(-1) }, { notifications: false }) }],
      [8, { type: 'menu', action: { type: 'console', profile: 'dev' } }],
      [8, { type: 'console-result', profile: 'dev', error: 'no credentials', authExpired: true }],
      [8, { type: 'console-result', profile: 'prod', error: 'no credentials' }],
    ])
    expect(lines).toEqual([
      '> loaded',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null}}}',
      'render login "1 session needs login, 1 expiring"',
      'status aws ✕ old',
      'wake-at +1m',
      '> tick',
      'notify token:sso-session:corp: AWS SSO: dev and prod expire in 5m | Log in again now to avoid "Token has expired" mid-task. One login covers dev, prod. | login,snooze',
      'save {"shown":{"sso-session:corp|1796127000000|expiring":1796126700000},"lastSeen":1796126700000,"snoozes":{}}',
      'render login "1 session needs login, 1 expiring"',
      'status aws ✕ old',
      'wake-at +6m',
      '> loaded',
      'notify config: AWS config cannot be read | /h/.aws/config:3: bad line | open-config',
      'save {"shown":{"sso-session:corp|1796127000000|expiring":1796126700000,"config|/h/.aws/config:3:bad line":1796126760000},"lastSeen":1796126760000,"snoozes":{}}',
      'render login "1 session needs login, 1 expiring, 1 error"',
      'status aws ✕ old',
      'wake-at +7m',
      '> loaded',
      'close-notice {"key":"token:sso-session:corp"}',
      'close-notice {"key":"config"}',
      'render login "1 session needs login"',
      'status aws ✕ old',
      'wake-at +7m',
      '> loaded',
      'save {"shown":{"sso-session:corp|1796127000000|expiring":1796126700000,"config|/h/.aws/config:3:bad line":1796126760000,"sso-session:corp|1796126340000|expired":1796126820000,"sso-session:corp|1796126340000|expiring":1796126820000},"lastSeen":1796126820000,"snoozes":{}}',
      'render login "2 sessions need login"',
      'status aws ✕ 2',
      'wake-at +8m',
      '> menu console',
      'start-login sso-session:corp dev',
      'render busy "logging in to corp, 1 session needs login"',
      'render busy "logging in to corp, 1 session needs login"',
      '> console-result',
      'save-sessions {"sessions":{"sso-session:corp":{"startedAt":null,"learnedMs":[],"tag":null,"endedAt":1796126880000,"aliveAt":null}}}',
      'render busy "logging in to corp, 1 session needs login"',
      '> console-result',
      'render busy "logging in to corp, 1 session needs login"',
    ])
  })
})

describe('tray step edges', () => {
  const only = (lines: string[], prefix: string) => lines.filter((l) => l.startsWith('>') || l.startsWith(prefix))
  const toks = { corp: token(300), 'https://old.awsapps.com/start': token(300) }

  it('a snooze ending inside a minute wakes the tray at its end, which drops and saves it', () => {
    const { lines } = trace(fresh(), [
      [0.5, { type: 'loaded', data: data(toks) }],
      [0.5, { type: 'menu', action: { type: 'snooze', minutes: 1 } }],
      [1, { type: 'tick', elapsedMono: 0.5 * MIN }],
      [1.5, { type: 'tick', elapsedMono: 0.5 * MIN }],
    ])
    expect(only(lines, 'wake-at').slice(-4)).toEqual(['> tick', 'wake-at +1.5m', '> tick', 'wake-at +2m'])
    // The snooze itself is saved once, though no notice changed.
    const snoozed = lines.slice(lines.indexOf('> menu snooze') + 1, lines.indexOf('> tick'))
    expect(snoozed.filter((l) => l.startsWith('save'))).toEqual([
      `save ${JSON.stringify({ shown: {}, lastSeen: NOW + 0.5 * MIN, snoozes: { '*': NOW + 1.5 * MIN } })}`,
    ])
    expect(lines.slice(lines.lastIndexOf('> tick')).filter((l) => l.startsWith('save'))).toEqual([
      `save ${JSON.stringify({ shown: {}, lastSeen: NOW + 1.5 * MIN, snoozes: {} })}`,
    ])
  })

  it('the first tick, before any look, is no clock jump', () => {
    const { lines } = trace(fresh(), [[0, { type: 'tick', elapsedMono: MIN }]])
    expect(lines).toEqual(['> tick', 'render none ""'])
  })

  it('a console failure without an ended session leaves the session book alone', () => {
    const refreshable = { corp: token(300, true) }
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: data(refreshable) }],
      [1, { type: 'login-report', group: CORP, report: { type: 'verified', account: '1', arn: 'arn' } }],
      [1, { type: 'menu', action: { type: 'login', group: CORP } }],
      [1, { type: 'login-report', group: CORP, report: { type: 'verified', account: '1', arn: 'arn' } }],
      [30, { type: 'menu', action: { type: 'console', profile: 'dev' } }],
      [30, { type: 'console-result', profile: 'dev', error: 'the console refused', authExpired: false }],
    ])
    // The login's start was saved; the console's failure saves nothing after it.
    expect(only(lines, 'save-sessions').slice(-3, -2)[0]).toMatch(/^save-sessions .*"startedAt":/)
    expect(only(lines, 'save-sessions').slice(-2)).toEqual(['> menu console', '> console-result'])
  })

  it('a config error stays on screen while it lasts', () => {
    const bad = data(toks, { configErrors: [{ file: '/h/.aws/config', line: 3, message: 'bad line' }] })
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: bad }],
      [1, { type: 'loaded', data: bad }],
      [2, { type: 'loaded', data: data(toks) }],
    ])
    expect(only(lines, 'close-notice').concat(only(lines, 'notify').filter((l) => !l.startsWith('>')))).toEqual([
      '> loaded',
      '> loaded',
      '> loaded',
      'close-notice {"key":"config"}',
      'notify config: AWS config cannot be read | /h/.aws/config:3: bad line | open-config',
    ])
  })
})

describe('tray step edges: clicks and reports that must do nothing, or exactly one thing', () => {
  const toks = { corp: token(300), 'https://old.awsapps.com/start': token(-5) }
  const effects = (lines: string[]) => lines.filter((l) => !l.startsWith('>'))

  it('before the first load: menu clicks that need the config do nothing', () => {
    const { lines } = trace(fresh(), [
      [0, { type: 'menu', action: { type: 'open-config' } }],
      [0, { type: 'menu', action: { type: 'login', group: CORP } }],
      [0, { type: 'menu', action: { type: 'verify', profile: 'dev' } }],
      [0, { type: 'menu', action: { type: 'check-all' } }],
      [0, { type: 'login-report', group: CORP, report: { type: 'url', url: 'https://device.sso/', flow: 'device' } }],
    ])
    expect(effects(lines)).toEqual([])
  })

  it('a problem outlives a load and stays on screen; a failed login keeps its notice; so does a check summary', () => {
    const { lines, state } = trace(fresh(), [
      [0, { type: 'loaded', data: data(toks) }],
      [0, { type: 'problem', title: 'AWS SSO: tray helper', message: 'it crashed' }],
      [0, { type: 'menu', action: { type: 'login', group: OLD } }],
      [0, { type: 'login-ended', group: OLD, error: 'aws: command not found' }],
      [0, { type: 'menu', action: { type: 'check-all' } }],
      [
        0,
        {
          type: 'verify-result',
          profile: 'dev',
          purpose: 'check',
          group: null,
          result: { account: '1', arn: 'arn:aws:sts::1:assumed-role/Admin/x', userId: 'u' },
        },
      ],
      [0, { type: 'verify-result', profile: 'prod', purpose: 'check', group: null, result: { account: '1', arn: 'arn', userId: 'u' } }],
      [0, { type: 'verify-result', profile: 'old', purpose: 'check', group: null, result: { class: 'auth-expired', message: 'expired' } }],
      [1, { type: 'loaded', data: data(toks) }],
      [2, { type: 'tick', elapsedMono: MIN }],
    ])
    expect(state.problem).toBe('it crashed')
    expect(lines.filter((l) => l.startsWith('close-notice'))).toEqual([])
    expect(Object.keys(state.notices).sort()).toEqual(['check', `login:${OLD}`, 'problem'])
  })

  it('a verification is recorded for the token it was about, in plain words', () => {
    const { state } = trace(fresh(), [
      [0, { type: 'loaded', data: data(toks) }],
      [0, { type: 'menu', action: { type: 'verify', profile: 'prod' } }],
      [
        1,
        {
          type: 'verify-result',
          profile: 'prod',
          purpose: 'verify',
          group: null,
          result: { account: '2', arn: 'arn:aws:sts::2:assumed-role/Read/x', userId: 'u' },
        },
      ],
      [1, { type: 'menu', action: { type: 'verify', profile: 'dev' } }],
      [2, { type: 'verify-result', profile: 'dev', purpose: 'verify', group: null, result: { class: 'access-denied', message: 'denied' } }],
    ])
    const token = `${CORP}|${NOW + 300 * MIN}`
    expect(state.verifies).toEqual({
      prod: { ok: true, text: '2 assumed-role/Read/x', at: NOW + MIN, running: false, token },
      dev: { ok: false, text: 'denied (access-denied)', at: NOW + 2 * MIN, running: false, token },
    })
    // A profile gone from the config takes its verification with it.
    const profiles = data(toks).profiles.filter((p) => p.name !== 'prod')
    expect(Object.keys(step(state, { type: 'loaded', data: data(toks, { profiles }) }, NOW + 3 * MIN).state.verifies)).toEqual(['dev'])
  })

  it('check all: again once finished; not at all with nothing to check', () => {
    const { lines, state } = trace(fresh(), [
      [0, { type: 'loaded', data: data(toks) }],
      [0, { type: 'menu', action: { type: 'check-all' } }],
      [0, { type: 'verify-result', profile: 'dev', purpose: 'check', group: null, result: { account: '1', arn: 'arn', userId: 'u' } }],
      [0, { type: 'verify-result', profile: 'prod', purpose: 'check', group: null, result: { account: '1', arn: 'arn', userId: 'u' } }],
      [0, { type: 'verify-result', profile: 'old', purpose: 'check', group: null, result: { account: '1', arn: 'arn', userId: 'u' } }],
      [1, { type: 'menu', action: { type: 'check-all' } }],
    ])
    expect(lines.filter((l) => l.startsWith('verify ')).length).toBe(5)
    expect(state.check?.finishedAt).toBeNull()
    const plainOnly = data(toks, { profiles: data(toks).profiles.filter((p) => p.name === 'plain') })
    const none = trace(fresh(), [
      [0, { type: 'loaded', data: plainOnly }],
      [0, { type: 'menu', action: { type: 'check-all' } }],
    ])
    expect(none.state.check).toBeNull()
  })

  it('logins: a code before the URL waits for it; two at once end apart; one ended while it waits closes its notice; success is verifying', () => {
    const both = { corp: token(-5), 'https://old.awsapps.com/start': token(-5) }
    const { lines, state } = trace(fresh(), [
      [0, { type: 'loaded', data: data(both) }],
      [0, { type: 'menu', action: { type: 'login', group: CORP } }],
      [0, { type: 'menu', action: { type: 'login', group: OLD } }],
      [0, { type: 'login-report', group: OLD, report: { type: 'code', userCode: 'WXYZ-0000', prefilled: true } }],
      [0, { type: 'login-report', group: OLD, report: { type: 'url', url: 'https://device.sso/', flow: 'device' } }],
      [0, { type: 'notice-action', key: `login:${OLD}`, button: 'cancel' }],
      [0, { type: 'login-ended', group: OLD, error: null }],
      [0, { type: 'login-report', group: CORP, report: { type: 'success' } }],
    ])
    expect(effects(lines).filter((l) => /^(notify|close-notice|cancel-login)/.test(l))).toEqual([
      'notify login:legacy-sso:https://old.awsapps.com/start: AWS SSO: approve the login for https://old.awsapps.com/start | The sign-in page is open and its URL is on the clipboard. Check that the page shows the code WXYZ-0000. | confirm,open,cancel',
      'cancel-login {"group":"legacy-sso:https://old.awsapps.com/start"}',
      'close-notice {"key":"login:legacy-sso:https://old.awsapps.com/start"}',
    ])
    expect(state.logins).toEqual({ [CORP]: { profile: 'dev', phase: 'verifying', url: null, userCode: null } })
    const verified = step(state, { type: 'login-report', group: CORP, report: { type: 'verified', account: '1', arn: 'arn' } }, NOW)
    expect(verified.effects.flatMap((e) => (e.type === 'notify' ? [e.notice.body] : []))).toEqual(['Verified: account 1. Valid for dev, prod.'])
    const oldLogin = trace(fresh(), [
      [0, { type: 'loaded', data: data(both) }],
      [0, { type: 'menu', action: { type: 'login', group: OLD } }],
      [0, { type: 'login-report', group: OLD, report: { type: 'verified', account: '3', arn: 'arn' } }],
    ])
    expect(oldLogin.lines.filter((l) => l.startsWith('notify'))).toEqual([
      'notify login:legacy-sso:https://old.awsapps.com/start: AWS SSO: logged in to https://old.awsapps.com/start | Verified: account 3. Valid for old. | ',
    ])
  })

  it('a quiet probe that works reloads; an ended session is not told while snoozed or in quiet hours', () => {
    const refreshable = { corp: token(5, true) }
    const ok = trace(fresh(), [
      [0, { type: 'loaded', data: data(refreshable) }],
      [1, { type: 'verify-result', profile: 'dev', purpose: 'probe', group: CORP, result: { account: '1', arn: 'arn', userId: 'u' } }],
    ])
    expect(ok.lines.slice(ok.lines.lastIndexOf('> verify-result'))).toEqual(['> verify-result', 'load {}'])
    const ended = { class: 'auth-expired' as const, message: 'Token has expired and refresh failed' }
    for (const extra of [{ quietHours: { start: 11 * 60, end: 13 * 60 } }, {}]) {
      const held = trace(initialTrayState({ shown: {}, lastSeen: NOW - MIN, snoozes: 'quietHours' in extra ? {} : { [CORP]: NOW + 60 * MIN } }, NOW, 2), [
        [0, { type: 'loaded', data: data(refreshable, extra) }],
        [1, { type: 'verify-result', profile: 'dev', purpose: 'probe', group: CORP, result: ended }],
      ])
      expect(held.lines.filter((l) => l.startsWith('notify'))).toEqual([])
    }
  })
})

describe('tray step edges: more clicks and endings', () => {
  const toks = { corp: token(300), 'https://old.awsapps.com/start': token(-5) }
  const effects = (lines: string[]) => lines.filter((l) => !l.startsWith('>') && !/^(render|status|wake-at) /.test(l))

  it('clicks with nothing to act on do nothing: no portal, no login URL, an unknown session', () => {
    const { lines, state } = trace(fresh(), [
      [0, { type: 'loaded', data: data({ ...toks, corp: token(10) }) }],
      [0, { type: 'menu', action: { type: 'open-portal', group: 'sso-session:gone' } }],
      [0, { type: 'menu', action: { type: 'login', group: 'sso-session:gone' } }],
      [0, { type: 'notice-action', key: `token:${CORP}`, button: 'open' }],
    ])
    expect(Object.keys(state.notices)).toEqual([`token:${CORP}`])
    expect(effects(lines.slice(lines.indexOf('> menu open-portal')))).toEqual([])
  })

  it('Open AWS config from the config error notice', () => {
    const bad = data(toks, { configErrors: [{ file: '/h/.aws/config', line: 3, message: 'bad line' }] })
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: bad }],
      [0, { type: 'notice-action', key: 'config', button: 'open-config' }],
    ])
    expect(lines.slice(lines.indexOf('> notice-action open-config'))).toEqual(['> notice-action open-config', 'open-config {"file":"/h/.aws/config"}'])
  })

  it('a caller following a login that ends without a result hears why', () => {
    const { lines } = trace(fresh(), [
      [0, { type: 'loaded', data: data(toks) }],
      [0, { type: 'menu', action: { type: 'login', group: OLD } }],
      [0, { type: 'ensure-request', id: 'r1', profile: 'old', requester: 'make' }],
      [1, { type: 'login-ended', group: OLD, error: null }],
    ])
    expect(lines.filter((l) => l.startsWith('ensure-send')).slice(-1)).toEqual([
      'ensure-send {"id":"r1","event":{"type":"failed","class":"cli-error","message":"the login ended without a result"}}',
    ])
  })
})
