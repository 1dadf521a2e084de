import { describe, expect, it } from 'vitest'
import type { ProfileStatus, StatusReport } from '../../src/core/status-report.ts'
import type { TokenState } from '../../src/core/types.ts'
import { painter } from '../../src/render/colour.ts'
import { renderStatusTable } from '../../src/render/status-table.ts'
import { displayWidth } from '../../src/render/text.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const p = (name: string, o: Partial<ProfileStatus>): ProfileStatus => ({
  name,
  kind: 'sso-session',
  ssoSession: null,
  startUrl: null,
  ssoRegion: 'eu-west-1',
  accountId: null,
  roleName: null,
  sourceProfile: null,
  token: null,
  error: null,
  ...o,
})
const tok = (state: TokenState, expiresAt: string | null) => ({ state, expiresAt, cacheFile: null, refreshableUntil: null })
const REPORT: StatusReport = {
  generatedAt: '2026-11-28T12:00:00.000Z',
  configErrors: [],
  profiles: [
    p('corp-dev-administrator', {
      ssoSession: 'corp-identity-center',
      accountId: '111111111111',
      roleName: 'AdministratorAccess',
      token: tok('valid', '2026-11-28T15:00:00Z'),
    }),
    p('corp-prod-readonly', {
      ssoSession: 'corp-identity-center',
      accountId: '222222222222',
      roleName: 'ReadOnlyAccess',
      token: tok('refreshable', '2026-11-28T12:10:00Z'),
    }),
    p('legacy-data-platform-analyst', {
      kind: 'legacy-sso',
      startUrl: 'https://d-90670c2a11.awsapps.com/start#/',
      accountId: '333333333333',
      roleName: 'DataScientistPowerUser',
      token: tok('expired', '2026-11-28T11:00:00Z'),
    }),
    p('chained-deploy', {
      kind: 'chained',
      ssoSession: 'corp-identity-center',
      sourceProfile: 'corp-dev-administrator',
      token: tok('valid', '2026-11-28T15:00:00Z'),
    }),
    p('sandbox-1', { ssoSession: 'corp-identity-center', accountId: '444444444444', roleName: 'Admin', token: tok('missing', null), hidden: true }),
    p('plain', { kind: 'other', ssoRegion: null }),
  ],
}
const plain = painter(false)
const ESC = '\x1b'
const render = (width: number | undefined, report = REPORT) => renderStatusTable(report, { now: NOW, paint: plain, width })

describe('renderStatusTable', () => {
  it('prints full rows at unlimited width (pipes, --wide): every cell whole', () => {
    expect(render(undefined)).toBe(
      [
        'PROFILE                       SESSION / START URL                                ACCOUNT / ROLE                         STATE             TIME LEFT',
        'corp-dev-administrator        corp-identity-center                               111111111111 / AdministratorAccess     valid             3h 00m',
        'corp-prod-readonly            corp-identity-center                               222222222222 / ReadOnlyAccess          refreshable       refreshes silently (10m)',
        'legacy-data-platform-analyst  https://d-90670c2a11.awsapps.com/start#/           333333333333 / DataScientistPowerUser  expired           expired 1h 00m ago',
        'chained-deploy                corp-identity-center (via corp-dev-administrator)  -                                      valid             3h 00m',
        'sandbox-1                     corp-identity-center                               444444444444 / Admin                   missing (hidden)  -',
        'plain                         -                                                  -                                      -                 -',
        '',
      ].join('\n'),
    )
  })

  it('fits 120 columns: start URLs by host, long cells cut with …, all columns kept', () => {
    const out = render(120)
    expect(out).toBe(
      [
        'PROFILE                      SESSION                   ACCOUNT / ROLE               STATE             TIME LEFT',
        'corp-dev-administrator       corp-identity-center      111111111111 / Administrat…  valid             3h 00m',
        'corp-prod-readonly           corp-identity-center      222222222222 / ReadOnlyAcc…  refreshable       refreshes (10m)',
        'legacy-data-platform-analy…  d-90670c2a11.awsapps.com  333333333333 / DataScienti…  expired           expired 1h 00m ago',
        'chained-deploy               corp-identity-center      -                            valid             3h 00m',
        'sandbox-1                    corp-identity-center      444444444444 / Admin         missing (hidden)  -',
        'plain                        -                         -                            -                 -',
        '',
      ].join('\n'),
    )
    expect(Math.max(...out.split('\n').map(displayWidth))).toBeLessThanOrEqual(120)
  })

  it('fits 80 columns: the session column goes before cells are cut too deep', () => {
    const out = render(80)
    expect(out).toBe(
      [
        'PROFILE             ACCOUNT / ROLE          STATE             TIME LEFT',
        'corp-dev-administ…  111111111111 / Admini…  valid             3h 00m',
        'corp-prod-readonly  222222222222 / ReadOn…  refreshable       refreshes (10m)',
        'legacy-data-platf…  333333333333 / DataSc…  expired           expired 1h 00m ago',
        'chained-deploy      -                       valid             3h 00m',
        'sandbox-1           444444444444 / Admin    missing (hidden)  -',
        'plain               -                       -                 -',
        '',
      ].join('\n'),
    )
    expect(Math.max(...out.split('\n').map(displayWidth))).toBeLessThanOrEqual(80)
  })

  it('keeps profile, state and time left on a very narrow terminal', () => {
    const lines = render(60).split('\n')
    expect(lines[0]).toBe('PROFILE                 STATE             TIME LEFT')
    expect(lines[3]).toBe('legacy-data-platform-…  expired           expired 1h 00m ago')
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(60)
  })

  it('leaves a table that already fits as it is', () => {
    const small: StatusReport = { ...REPORT, profiles: [REPORT.profiles[0]!] }
    expect(render(200, small)).toBe(render(undefined, small))
  })

  it('colours states, dims hidden rows and keeps padding outside the colour', () => {
    const out = renderStatusTable({ ...REPORT, profiles: REPORT.profiles.slice(2, 5) }, { now: NOW, paint: painter(true), width: undefined })
    const lines = out.split('\n')
    expect(lines[1]).toContain('\x1b[31mexpired\x1b[0m         ')
    expect(lines[2]).toContain('\x1b[32mvalid\x1b[0m')
    expect(lines[3]?.startsWith('\x1b[2msandbox-1\x1b[0m      ')).toBe(true)
    expect(lines[3]).toContain('\x1b[2;31mmissing (hidden)\x1b[0m')
    // Without the escapes the text is the plain table.
    expect(out.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '')).toBe(render(undefined, { ...REPORT, profiles: REPORT.profiles.slice(2, 5) }))
  })

  it('shows hostile names inert and measures wide characters by their cells', () => {
    const report: StatusReport = {
      ...REPORT,
      profiles: [
        p('evil\x1b[2J\u202ename', { ssoSession: 'corp', token: tok('valid', '2026-11-28T15:00:00Z') }),
        p('東京-prod', { ssoSession: 'corp', token: tok('valid', '2026-11-28T15:00:00Z') }),
      ],
    }
    const out = render(undefined, report)
    expect(out).not.toContain(ESC)
    expect(out).not.toContain('\u202e')
    expect(out.split('\n').slice(0, 3)).toEqual([
      'PROFILE        SESSION / START URL  ACCOUNT / ROLE  STATE  TIME LEFT',
      'evil?[2J?name  corp                 -               valid  3h 00m',
      '東京-prod      corp                 -               valid  3h 00m',
    ])
  })

  it('reports config errors in red and an empty filtered list in its own words', () => {
    const out = renderStatusTable(
      { ...REPORT, profiles: [], configErrors: [{ file: '/c', line: 3, message: 'bad' }] },
      { now: NOW, paint: painter(true), empty: 'No profiles match.' },
    )
    expect(out).toBe(
      '\x1b[1;31mERROR /c:3: bad\x1b[0m\n' +
        '\x1b[31mThe AWS CLI refuses this file, so every aws command fails until it is fixed. What can be read is shown below.\x1b[0m\n\n' +
        'No profiles match.\n',
    )
  })

  it('wraps the notes under the table on a terminal, and leaves them whole in a pipe', () => {
    const broken = p('nosession', {
      ssoSession: 'ghost',
      token: tok('invalid', null),
      error: 'The specified sso-session does not exist: "ghost" (add an [sso-session ghost] section)',
    })
    const report: StatusReport = { ...REPORT, profiles: [broken] }
    expect(render(60, report).split('\n').slice(3)).toEqual([
      'nosession: The specified sso-session does not exist:',
      '  "ghost" (add an [sso-session ghost] section)',
      '',
    ])
    expect(render(undefined, report)).toContain('\nnosession: The specified sso-session does not exist: "ghost" (add an [sso-session ghost] section)\n')
  })
})
