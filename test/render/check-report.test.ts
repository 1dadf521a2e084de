import { describe, expect, it } from 'vitest'
import type { CheckResult } from '../../src/core/check-result.ts'
import { renderCheck, permissionSet } from '../../src/render/check-report.ts'
import { painter } from '../../src/render/colour.ts'
import { displayWidth } from '../../src/render/text.ts'

const ok = (name: string, account: string, role: string): CheckResult => ({
  name,
  ok: true,
  account,
  arn: `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_${role}_0123456789abcdef/jane.doe@example.com`,
  tokenState: 'valid',
  error: null,
})
const RESULTS: CheckResult[] = [
  ok('corp-dev-administrator', '111111111111', 'AdministratorAccess'),
  ok('corp-prod-readonly', '222222222222', 'ReadOnlyAccess'),
  {
    name: 'legacy-data-platform-analyst',
    ok: false,
    account: null,
    arn: null,
    tokenState: 'expired',
    error: { class: 'auth-expired', message: 'sts answered from cached role credentials, but the SSO token is expired: log in again' },
  },
]
const plain = painter(false)

describe('renderCheck', () => {
  it('prints full rows with the caller ARN at unlimited width (pipes, --wide)', () => {
    expect(renderCheck(RESULTS, [], { paint: plain })).toBe(
      [
        'ok    corp-dev-administrator        111111111111  arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane.doe@example.com',
        'ok    corp-prod-readonly            222222222222  arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_ReadOnlyAccess_0123456789abcdef/jane.doe@example.com',
        'FAIL  legacy-data-platform-analyst  auth-expired: sts answered from cached role credentials, but the SSO token is expired: log in again',
        '',
        '1 of 3 profiles failed.',
        '',
      ].join('\n'),
    )
  })

  it('shows account and permission set at 120 columns, failures wrapped under their column', () => {
    const out = renderCheck(RESULTS, [], { paint: plain, width: 120 })
    expect(out).toBe(
      [
        'ok    corp-dev-administrator        111111111111  AdministratorAccess',
        'ok    corp-prod-readonly            222222222222  ReadOnlyAccess',
        'FAIL  legacy-data-platform-analyst  auth-expired: sts answered from cached role credentials, but the SSO token is',
        '                                    expired: log in again',
        '',
        '1 of 3 profiles failed.',
        '',
      ].join('\n'),
    )
    expect(Math.max(...out.split('\n').map(displayWidth))).toBeLessThanOrEqual(120)
  })

  it('cuts names at 80 columns only when the rows need it', () => {
    const out = renderCheck(RESULTS, [], { paint: plain, width: 80 })
    expect(out).toBe(
      [
        'ok    corp-dev-administrator        111111111111  AdministratorAccess',
        'ok    corp-prod-readonly            222222222222  ReadOnlyAccess',
        'FAIL  legacy-data-platform-analyst  auth-expired: sts answered from cached role',
        '                                    credentials, but the SSO token is expired:',
        '                                    log in again',
        '',
        '1 of 3 profiles failed.',
        '',
      ].join('\n'),
    )
    const narrow = renderCheck(RESULTS, [], { paint: plain, width: 50 })
    expect(narrow.split('\n').slice(0, 3)).toEqual([
      'ok    corp-dev-ad…  111111111111  AdministratorAc…',
      'ok    corp-prod-r…  222222222222  ReadOnlyAccess',
      'FAIL  legacy-data…  auth-expired: sts answered',
    ])
    expect(Math.max(...narrow.split('\n').map(displayWidth))).toBeLessThanOrEqual(50)
  })

  it('colours ok green, FAIL and errors red', () => {
    const out = renderCheck(RESULTS, [{ file: '/c', line: 2, message: 'bad' }], { paint: painter(true) })
    expect(out.startsWith('\x1b[1;31mERROR /c:2: bad\x1b[0m\n\x1b[31mThe AWS CLI refuses this file')).toBe(true)
    expect(out).toContain('\x1b[32mok\x1b[0m    corp-dev-administrator')
    expect(out).toContain('\x1b[1;31mFAIL\x1b[0m  legacy-data-platform-analyst')
    expect(out.endsWith('\x1b[31m1 of 3 profiles failed.\x1b[0m\n')).toBe(true)
    expect(renderCheck(RESULTS.slice(0, 1), [], { paint: painter(true) })).toContain('\x1b[32mAll 1 profiles verified.\x1b[0m')
  })
})

describe('permissionSet', () => {
  it('reads the permission set from an Identity Center role ARN, else the role, else the ARN', () => {
    expect(permissionSet('arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_Access_0123456789abcdef/jane')).toBe('Admin_Access')
    expect(permissionSet('arn:aws:sts::1:assumed-role/deploy-role/session')).toBe('deploy-role')
    expect(permissionSet('arn:aws:iam::1:user/bob')).toBe('arn:aws:iam::1:user/bob')
    expect(permissionSet(null)).toBe('')
  })
})
