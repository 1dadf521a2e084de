import { describe, expect, it } from 'vitest'
import type { DoctorCheck } from '../../src/doctor/checks.ts'
import { painter } from '../../src/render/colour.ts'
import { renderDoctor } from '../../src/render/doctor-report.ts'
import { displayWidth } from '../../src/render/text.ts'

const CHECKS: DoctorCheck[] = [
  { name: 'AWS CLI v2', verdict: 'ok', detail: 'AWS CLI 2.23.0 (PKCE and device-code logins)', fix: null },
  {
    name: 'Rosetta 2',
    verdict: 'warn',
    detail: "not installed: the tray icon cannot show (systray2's helper is x86-64 only) and notices fall back to osascript",
    fix: 'softwareupdate --install-rosetta',
  },
  { name: 'AWS config', verdict: 'fail', detail: '/c:4: duplicate section [p]', fix: 'fix that line' },
]

describe('renderDoctor', () => {
  it('prints one line per check and the fix under it at unlimited width', () => {
    expect(renderDoctor(CHECKS, { paint: painter(false) })).toBe(
      [
        'ok    AWS CLI v2  AWS CLI 2.23.0 (PKCE and device-code logins)',
        "warn  Rosetta 2   not installed: the tray icon cannot show (systray2's helper is x86-64 only) and notices fall back to osascript",
        '                  fix: softwareupdate --install-rosetta',
        'FAIL  AWS config  /c:4: duplicate section [p]',
        '                  fix: fix that line',
        '',
      ].join('\n'),
    )
  })

  it('wraps details under their column at 80 columns', () => {
    const out = renderDoctor(CHECKS, { paint: painter(false), width: 80 })
    expect(out.split('\n').slice(1, 4)).toEqual([
      "warn  Rosetta 2   not installed: the tray icon cannot show (systray2's helper is",
      '                  x86-64 only) and notices fall back to osascript',
      '                  fix: softwareupdate --install-rosetta',
    ])
    expect(Math.max(...out.split('\n').map(displayWidth))).toBeLessThanOrEqual(80)
  })

  it('colours the verdicts: ok green, warn yellow, FAIL red', () => {
    const out = renderDoctor(CHECKS, { paint: painter(true) })
    expect(out).toContain('\x1b[32mok\x1b[0m    AWS CLI v2')
    expect(out).toContain('\x1b[33mwarn\x1b[0m  Rosetta 2')
    expect(out).toContain('\x1b[1;31mFAIL\x1b[0m  AWS config')
  })
})
