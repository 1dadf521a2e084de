// Whole menus, word for word: every row's key, title, enabled state, icon and action, for a state
// with one of everything (each token state, login phase, check, request, probe, console, setting)
// and for a quiet one. The finer tests in menu.test.ts find rows by what they say; these pin the
// rest, so a changed word, key, greyed-out item or action anywhere in the menu is caught.

import { describe, expect, it } from 'vitest'
import { buildMenu } from '../../src/core/tray/menu-model.ts'
import type { MenuItem, MenuModel } from '../../src/core/tray/model.ts'
import type { LoadedData, TrayState } from '../../src/core/tray/state.ts'
import type { Profile } from '../../src/core/types.ts'
import { group, min, NOW, prof, view } from '../fakes/groups.ts'

/** One line per item: indent, separator (──), enabled (+) or greyed (-), title, [icon], → action, #key. */
function dump(items: readonly MenuItem[], depth = 0): string[] {
  return items.flatMap((i) => {
    const pad = '  '.repeat(depth)
    const flags = `${i.hidden ? 'H' : ''}${i.separator ? '──' : ''}${i.enabled ? '+' : '-'}`
    const line = `${pad}${flags} ${i.title}${i.icon ? ` [${i.icon}]` : ''}${i.action ? ` → ${JSON.stringify(i.action)}` : ''} #${i.key}`
    return [line, ...dump(i.items ?? [], depth + 1)]
  })
}
const head = (m: MenuModel) => ({ icon: m.icon, title: m.title, tooltip: m.tooltip, activate: m.activate })

function profile(name: string, startUrl: string | null): Profile {
  return {
    name,
    kind: 'sso-session',
    ssoSession: 'corp',
    startUrl,
    ssoRegion: 'us-east-1',
    accountId: '111111111111',
    roleName: 'Admin',
    region: null,
    sourceProfile: null,
    tokenKey: 'corp',
    tokenKind: 'sso-session',
    configError: null,
  }
}
function data(extra: Partial<LoadedData> = {}): LoadedData {
  return { warnMs: 15 * 60_000, configFile: '/h/.aws/config', profiles: [], tokens: new Map(), configErrors: [], ...extra }
}

/** One of everything. */
function busy(): TrayState {
  const corp = group('corp', 'expired', min(-5), ['dev', 'deploy'])
  corp.profiles = [prof('dev'), prof('deploy', { kind: 'chained', accountId: '222222222222', roleName: 'Deploy' })]
  const old = group('old', 'expired', min(-90), ['legacy'])
  const dataGroup = group('data', 'missing', null, ['etl'])
  const research = group('research', 'invalid', null, ['r1', 'r2'], { reason: 'sso_session does-not-exist is not defined' })
  const ops = group('ops', 'expiring', min(9), ['ops'])
  const fresh = group('fresh', 'refreshable', min(-3), ['fresh'])
  const sales = group('sales', 'valid', min(192), ['sales', 'broken', 'idle'])
  sales.profiles = [prof('sales'), prof('broken', { error: 'sso_role_name is missing' }), prof('idle', { accountId: null, roleName: null })]
  return view([corp, old, dataGroup, research, ops, fresh, sales], {
    data: data({
      profiles: [profile('dev', 'https://corp.awsapps.com/start'), profile('etl', 'corp.awsapps.com/start')],
      configErrors: [
        { file: '/h/.aws/config', line: 7, message: 'duplicate section' },
        { file: '/h/.aws/config', line: 9, message: 'bad line' },
      ],
      warnings: ['warn_minutes: expected minutes from 0 to 1440', 'hide: bad pattern'],
      quietHours: { start: 11 * 60 + 30, end: 13 * 60 + 5 },
    }),
    logins: {
      [corp.id]: { profile: 'dev', phase: 'waiting-user', url: 'https://device.sso/', userCode: 'ABCD-EFGH' },
      [old.id]: { profile: 'legacy', phase: 'waiting-url', url: null, userCode: null },
      [sales.id]: { profile: 'sales', phase: 'failed', url: null, userCode: null },
    },
    requests: {
      c1: { profile: 'etl', group: dataGroup.id, requester: 'make in ~/a', phase: 'asked' },
      c2: { profile: 'etl', group: dataGroup.id, requester: 'claude in ~/b', phase: 'asked' },
      c3: { profile: 'etl', group: dataGroup.id, requester: 'make in ~/a', phase: 'asked' },
      c4: { profile: 'ops', group: ops.id, requester: 'terraform', phase: 'checking' },
    },
    verifies: {
      ops: { ok: false, text: 'Token has expired (auth-expired)', at: min(-2), running: false, token: `${ops.id}|${min(9)}` },
      sales: { ok: true, text: '111111111111 Admin/x', at: min(-62), running: false, token: `${sales.id}|${min(192)}` },
      idle: { ok: false, text: '', at: min(-1), running: true, token: '' },
    },
    check: { queue: [], inFlight: [], total: 9, done: 9, failed: ['a', 'b', 'c', 'd'], finishedAt: min(-2) },
    probes: { [fresh.id]: { token: 't', attempts: 2, nextAt: min(4), running: false, lastError: 'Could not connect to the endpoint URL' } },
    consoles: { ops: { group: ops.id, phase: 'failed', error: 'no role credentials' }, sales: { group: sales.id, phase: 'opening', error: null } },
    problem: 'cannot read the AWS config: EACCES',
    snoozes: { '*': min(45) },
    autostart: { enabled: true, error: 'cannot write ~/.config/autostart' },
  })
}

/** All fine, notices off, a snooze that just ended, a check with no failures. */
function calm(): TrayState {
  const corp = group('corp', 'valid', min(300), ['dev', 'prod'])
  return view([corp, group('r', 'refreshable', min(-3))], {
    data: data({ notifications: false, quietHours: { start: 22 * 60, end: 7 * 60 } }),
    logins: { [corp.id]: { profile: 'dev', phase: 'verified', url: null, userCode: null } },
    check: { queue: [], inFlight: [], total: 3, done: 3, failed: [], finishedAt: min(-125) },
    snoozes: { '*': NOW },
    autostart: { enabled: false, error: null },
  })
}

/** No profiles: the config cannot be read; quiet hours outside their span; one settings warning. */
function unreadable(): TrayState {
  return view([], {
    data: data({
      configErrors: [{ file: '/h/.aws/config', line: 3, message: 'no section header' }],
      quietHours: { start: 22 * 60, end: 7 * 60 },
      warnings: ['hide: bad pattern'],
    }),
  })
}

/** Checks that failed for the token now (two on one session), a login verifying, a check with exactly three failures. */
function checked(): TrayState {
  const x = group('x', 'expired', null, ['a', 'b'])
  const y = group('y', 'valid', min(30), ['c'])
  const failed = (token: string) => ({ ok: false, text: 'denied (access-denied)', at: min(-3), running: false, token })
  return view([y, x], {
    data: data(),
    logins: { [y.id]: { profile: 'c', phase: 'verifying', url: 'https://device.sso/', userCode: null } },
    verifies: { a: failed(`${x.id}|none`), b: failed(`${x.id}|none`), c: failed('old token') },
    check: { queue: [], inFlight: [], total: 3, done: 3, failed: ['a', 'b', 'c'], finishedAt: min(-3) },
  })
}

describe('whole menus', () => {
  it('one of everything: each token state, login phase, request, probe, console, check, error and setting', () => {
    const m = buildMenu(busy(), NOW)
    expect(head(m)).toEqual({
      icon: 'busy',
      title: 'logging in to corp, old, 1 session needs login, 1 expiring, 4 errors',
      tooltip: 'AWS SSO: Logging in to corp, old, 1 session needs login, 1 expiring, 4 errors; next expiry: ops in 9m',
      activate: { type: 'open-url', group: 'sso-session:corp' },
    })
    expect(dump(m.items)).toEqual([
      '- Logging in to corp, old, 1 session needs login, 1 expiring, 4 errors #summary',
      '+ Check all profiles → {"type":"check-all"} #check-all',
      '- Last check 2m ago: 4 of 9 failed (a, b, c, …) #check-result',
      '- ⚠ /h/.aws/config:7: duplicate section (+1 more) #config-error',
      '- ⚠ cannot read the AWS config: EACCES #problem',
      '- ⚠ warn_minutes: expected minutes from 0 to 1440 (+1 more) #settings-warning',
      '+ etl: login requested by make in ~/a (+2 more) → {"type":"login","group":"sso-session:data"} #request:sso-session:data',
      '──-  #sep-sessions',
      '+ ○ data — not logged in · 1 profile [login] #session:sso-session:data',
      '  + Log in → {"type":"login","group":"sso-session:data"} #session:sso-session:data:login',
      '  - Requested by make in ~/a, claude in ~/b #session:sso-session:data:requested',
      '  + Not now → {"type":"decline","group":"sso-session:data"} #session:sso-session:data:decline',
      '  ──-  #session:sso-session:data:sep',
      '  + etl [login] #profile:etl',
      '    - Account 111111111111 / Admin #profile:etl:account',
      '    + Verify → {"type":"verify","profile":"etl"} #profile:etl:verify',
      '    + Copy export AWS_PROFILE=etl → {"type":"copy-export","profile":"etl"} #profile:etl:export',
      '    + Open console → {"type":"console","profile":"etl"} #profile:etl:console',
      '+ ◐ ops — 9m left · 1 profile, 1 check failed [error] #session:sso-session:ops',
      '  + Log in → {"type":"login","group":"sso-session:ops"} #session:sso-session:ops:login',
      '  ──-  #session:sso-session:ops:sep',
      '  + ⚠ ops [error] #profile:ops',
      '    - Account 111111111111 / Admin #profile:ops:account',
      '    - Check failed 2m ago: Token has expired (auth-expired) #profile:ops:result',
      '    + Verify → {"type":"verify","profile":"ops"} #profile:ops:verify',
      '    + Copy export AWS_PROFILE=ops → {"type":"copy-export","profile":"ops"} #profile:ops:export',
      '    + Open console → {"type":"console","profile":"ops"} #profile:ops:console',
      '    - ⚠ Console: no role credentials #profile:ops:console-error',
      '+ ⚠ research — error · 2 profiles [error] #session:sso-session:research',
      '  - Log in → {"type":"login","group":"sso-session:research"} #session:sso-session:research:login',
      '  - ⚠ sso_session does-not-exist is not defined #session:sso-session:research:reason',
      '  ──-  #session:sso-session:research:sep',
      '  + r1 [error] #profile:r1',
      '    - Account 111111111111 / Admin #profile:r1:account',
      '    + Verify → {"type":"verify","profile":"r1"} #profile:r1:verify',
      '    + Copy export AWS_PROFILE=r1 → {"type":"copy-export","profile":"r1"} #profile:r1:export',
      '    - Open console → {"type":"console","profile":"r1"} #profile:r1:console',
      '  + r2 [error] #profile:r2',
      '    - Account 111111111111 / Admin #profile:r2:account',
      '    + Verify → {"type":"verify","profile":"r2"} #profile:r2:verify',
      '    + Copy export AWS_PROFILE=r2 → {"type":"copy-export","profile":"r2"} #profile:r2:export',
      '    - Open console → {"type":"console","profile":"r2"} #profile:r2:console',
      '+ … old — starting login… · 1 profile [busy] #session:sso-session:old',
      '  - Starting login… #session:sso-session:old:phase',
      '  + Cancel login → {"type":"cancel","group":"sso-session:old"} #session:sso-session:old:cancel',
      '  ──-  #session:sso-session:old:sep',
      '  + legacy [login] #profile:legacy',
      '    - Account 111111111111 / Admin #profile:legacy:account',
      '    + Verify → {"type":"verify","profile":"legacy"} #profile:legacy:verify',
      '    + Copy export AWS_PROFILE=legacy → {"type":"copy-export","profile":"legacy"} #profile:legacy:export',
      '    + Open console → {"type":"console","profile":"legacy"} #profile:legacy:console',
      '+ … corp — waiting for the browser… · 2 profiles [busy] #session:sso-session:corp',
      '  - Waiting for the browser… #session:sso-session:corp:phase',
      '  - Code: ABCD-EFGH #session:sso-session:corp:code',
      '  + Copy login URL → {"type":"copy-url","group":"sso-session:corp"} #session:sso-session:corp:copy',
      '  + Open login URL → {"type":"open-url","group":"sso-session:corp"} #session:sso-session:corp:open',
      '  + I\'ve completed login → {"type":"confirm","group":"sso-session:corp"} #session:sso-session:corp:confirm',
      '  + Cancel login → {"type":"cancel","group":"sso-session:corp"} #session:sso-session:corp:cancel',
      '  + Open access portal → {"type":"open-portal","group":"sso-session:corp"} #session:sso-session:corp:portal',
      '  ──-  #session:sso-session:corp:sep',
      '  + dev [login] #profile:dev',
      '    - Account 111111111111 / Admin #profile:dev:account',
      '    + Verify → {"type":"verify","profile":"dev"} #profile:dev:verify',
      '    + Copy export AWS_PROFILE=dev → {"type":"copy-export","profile":"dev"} #profile:dev:export',
      '    + Open console → {"type":"console","profile":"dev"} #profile:dev:console',
      '  + deploy [login] #profile:deploy',
      '    - Role 222222222222 / Deploy #profile:deploy:account',
      '    + Verify → {"type":"verify","profile":"deploy"} #profile:deploy:verify',
      '    + Copy export AWS_PROFILE=deploy → {"type":"copy-export","profile":"deploy"} #profile:deploy:export',
      '    + Open console → {"type":"console","profile":"deploy"} #profile:deploy:console',
      '+ ↻ fresh — refresh failed, retry in 4m · 1 profile [ok] #session:sso-session:fresh',
      '  + Log in → {"type":"login","group":"sso-session:fresh"} #session:sso-session:fresh:login',
      '  - Quiet refresh failed: Could not connect to the endpoint URL #session:sso-session:fresh:probe',
      '  ──-  #session:sso-session:fresh:sep',
      '  + fresh [ok] #profile:fresh',
      '    - Account 111111111111 / Admin #profile:fresh:account',
      '    + Verify → {"type":"verify","profile":"fresh"} #profile:fresh:verify',
      '    + Copy export AWS_PROFILE=fresh → {"type":"copy-export","profile":"fresh"} #profile:fresh:export',
      '    + Open console → {"type":"console","profile":"fresh"} #profile:fresh:console',
      '+ ● sales — 3h 12m · 3 profiles, 1 broken [ok] #session:sso-session:sales',
      '  + Log in → {"type":"login","group":"sso-session:sales"} #session:sso-session:sales:login',
      '  ──-  #session:sso-session:sales:sep',
      '  + sales [ok] #profile:sales',
      '    - Account 111111111111 / Admin #profile:sales:account',
      '    - Verified 1h 02m ago: 111111111111 Admin/x #profile:sales:result',
      '    + Verify → {"type":"verify","profile":"sales"} #profile:sales:verify',
      '    + Copy export AWS_PROFILE=sales → {"type":"copy-export","profile":"sales"} #profile:sales:export',
      '    - Opening console… → {"type":"console","profile":"sales"} #profile:sales:console',
      '  + ⚠ broken [error] #profile:broken',
      '    - Account 111111111111 / Admin #profile:broken:account',
      '    - ⚠ sso_role_name is missing #profile:broken:error',
      '    - Verify → {"type":"verify","profile":"broken"} #profile:broken:verify',
      '    + Copy export AWS_PROFILE=broken → {"type":"copy-export","profile":"broken"} #profile:broken:export',
      '    - Open console → {"type":"console","profile":"broken"} #profile:broken:console',
      '  + idle [ok] #profile:idle',
      '    - Account ? / ? #profile:idle:account',
      '    - Verifying… → {"type":"verify","profile":"idle"} #profile:idle:verify',
      '    + Copy export AWS_PROFILE=idle → {"type":"copy-export","profile":"idle"} #profile:idle:export',
      '    + Open console → {"type":"console","profile":"idle"} #profile:idle:console',
      '──-  #sep-actions',
      '+ Refresh → {"type":"refresh"} #refresh',
      '+ Open AWS config → {"type":"open-config"} #open-config',
      '+ Settings #settings',
      '  - Warn 15m before expiry #settings:warn',
      '  - Notifications snoozed for 45m #settings:snoozed',
      '  + Resume notifications → {"type":"resume-notifications"} #settings:resume',
      '  - Quiet hours 11:30–13:05: notices wait #settings:quiet',
      '  + ✓ Start at login → {"type":"autostart","enable":false} #settings:autostart',
      '  - ⚠ cannot write ~/.config/autostart #settings:autostart-error',
      '  + Edit settings… → {"type":"open-settings"} #settings:edit',
      '+ Quit → {"type":"quit"} #quit',
    ])
  })

  it('all fine: no title, notices off, a snooze that ends now is over, a check with no failures', () => {
    const m = buildMenu(calm(), NOW)
    expect(head(m)).toEqual({ icon: 'ok', title: '', tooltip: 'AWS SSO: All 3 SSO profiles ready; next expiry: corp in 5h 00m', activate: { type: 'refresh' } })
    expect(dump(m.items)).toEqual([
      '- All 3 SSO profiles ready #summary',
      '+ Check all profiles → {"type":"check-all"} #check-all',
      '- Last check 2h 05m ago: all 3 verified #check-result',
      '──-  #sep-sessions',
      '+ ↻ r — refreshes silently · 1 profile [ok] #session:sso-session:r',
      '  + Log in → {"type":"login","group":"sso-session:r"} #session:sso-session:r:login',
      '  ──-  #session:sso-session:r:sep',
      '  + r [ok] #profile:r',
      '    - Account 111111111111 / Admin #profile:r:account',
      '    + Verify → {"type":"verify","profile":"r"} #profile:r:verify',
      '    + Copy export AWS_PROFILE=r → {"type":"copy-export","profile":"r"} #profile:r:export',
      '    + Open console → {"type":"console","profile":"r"} #profile:r:console',
      '+ ● corp — 5h 00m · 2 profiles [ok] #session:sso-session:corp',
      '  + Log in → {"type":"login","group":"sso-session:corp"} #session:sso-session:corp:login',
      '  ──-  #session:sso-session:corp:sep',
      '  + dev [ok] #profile:dev',
      '    - Account 111111111111 / Admin #profile:dev:account',
      '    + Verify → {"type":"verify","profile":"dev"} #profile:dev:verify',
      '    + Copy export AWS_PROFILE=dev → {"type":"copy-export","profile":"dev"} #profile:dev:export',
      '    + Open console → {"type":"console","profile":"dev"} #profile:dev:console',
      '  + prod [ok] #profile:prod',
      '    - Account 111111111111 / Admin #profile:prod:account',
      '    + Verify → {"type":"verify","profile":"prod"} #profile:prod:verify',
      '    + Copy export AWS_PROFILE=prod → {"type":"copy-export","profile":"prod"} #profile:prod:export',
      '    + Open console → {"type":"console","profile":"prod"} #profile:prod:console',
      '──-  #sep-actions',
      '+ Refresh → {"type":"refresh"} #refresh',
      '+ Open AWS config → {"type":"open-config"} #open-config',
      '+ Settings #settings',
      '  - Warn 15m before expiry #settings:warn',
      '  + Snooze notifications for 1 h → {"type":"snooze","minutes":60} #settings:snooze',
      '  - Notifications are off (notifications = false) #settings:notifications',
      '  + Start at login → {"type":"autostart","enable":true} #settings:autostart',
      '  + Edit settings… → {"type":"open-settings"} #settings:edit',
      '+ Quit → {"type":"quit"} #quit',
    ])
  })

  it('no profiles and an unreadable config; quiet hours outside their span', () => {
    const m = buildMenu(unreadable(), NOW)
    expect(head(m)).toEqual({ icon: 'error', title: '1 error', tooltip: 'AWS SSO: AWS config cannot be read', activate: { type: 'refresh' } })
    expect(dump(m.items)).toEqual([
      '- AWS config cannot be read #summary',
      '- Check all profiles → {"type":"check-all"} #check-all',
      '- ⚠ /h/.aws/config:3: no section header #config-error',
      '- ⚠ hide: bad pattern #settings-warning',
      '──-  #sep-sessions',
      '- No SSO profiles. Create one with: aws configure sso #empty',
      '──-  #sep-actions',
      '+ Refresh → {"type":"refresh"} #refresh',
      '+ Open AWS config → {"type":"open-config"} #open-config',
      '+ Settings #settings',
      '  - Warn 15m before expiry #settings:warn',
      '  + Snooze notifications for 1 h → {"type":"snooze","minutes":60} #settings:snooze',
      '  - Quiet hours 22:00–07:00 #settings:quiet',
      '  + Edit settings… → {"type":"open-settings"} #settings:edit',
      '+ Quit → {"type":"quit"} #quit',
    ])
  })

  it('checks that failed for the current token count on the row; a stale one only shows its line; a verifying login', () => {
    const m = buildMenu(checked(), NOW)
    expect(head(m)).toEqual({
      icon: 'busy',
      title: 'logging in to y, 1 session needs login',
      tooltip: 'AWS SSO: Logging in to y, 1 session needs login; next expiry: y in 30m',
      activate: { type: 'open-url', group: 'sso-session:y' },
    })
    expect(dump(m.items)).toEqual([
      '- Logging in to y, 1 session needs login #summary',
      '+ Check all profiles → {"type":"check-all"} #check-all',
      '- Last check 3m ago: 3 of 3 failed (a, b, c) #check-result',
      '──-  #sep-sessions',
      '+ ✕ x — expired · 2 profiles, 2 checks failed [error] #session:sso-session:x',
      '  + Log in → {"type":"login","group":"sso-session:x"} #session:sso-session:x:login',
      '  ──-  #session:sso-session:x:sep',
      '  + ⚠ a [error] #profile:a',
      '    - Account 111111111111 / Admin #profile:a:account',
      '    - Check failed 3m ago: denied (access-denied) #profile:a:result',
      '    + Verify → {"type":"verify","profile":"a"} #profile:a:verify',
      '    + Copy export AWS_PROFILE=a → {"type":"copy-export","profile":"a"} #profile:a:export',
      '    + Open console → {"type":"console","profile":"a"} #profile:a:console',
      '  + ⚠ b [error] #profile:b',
      '    - Account 111111111111 / Admin #profile:b:account',
      '    - Check failed 3m ago: denied (access-denied) #profile:b:result',
      '    + Verify → {"type":"verify","profile":"b"} #profile:b:verify',
      '    + Copy export AWS_PROFILE=b → {"type":"copy-export","profile":"b"} #profile:b:export',
      '    + Open console → {"type":"console","profile":"b"} #profile:b:console',
      '+ … y — verifying… · 1 profile [busy] #session:sso-session:y',
      '  - Verifying… #session:sso-session:y:phase',
      '  + Copy login URL → {"type":"copy-url","group":"sso-session:y"} #session:sso-session:y:copy',
      '  + Open login URL → {"type":"open-url","group":"sso-session:y"} #session:sso-session:y:open',
      '  + I\'ve completed login → {"type":"confirm","group":"sso-session:y"} #session:sso-session:y:confirm',
      '  + Cancel login → {"type":"cancel","group":"sso-session:y"} #session:sso-session:y:cancel',
      '  ──-  #session:sso-session:y:sep',
      '  + c [ok] #profile:c',
      '    - Account 111111111111 / Admin #profile:c:account',
      '    - Check failed 3m ago: denied (access-denied) #profile:c:result',
      '    + Verify → {"type":"verify","profile":"c"} #profile:c:verify',
      '    + Copy export AWS_PROFILE=c → {"type":"copy-export","profile":"c"} #profile:c:export',
      '    + Open console → {"type":"console","profile":"c"} #profile:c:console',
      '──-  #sep-actions',
      '+ Refresh → {"type":"refresh"} #refresh',
      '+ Open AWS config → {"type":"open-config"} #open-config',
      '+ Settings #settings',
      '  - Warn 15m before expiry #settings:warn',
      '  + Snooze notifications for 1 h → {"type":"snooze","minutes":60} #settings:snooze',
      '  + Edit settings… → {"type":"open-settings"} #settings:edit',
      '+ Quit → {"type":"quit"} #quit',
    ])
  })
})
