import { describe, expect, it } from 'vitest'
import { iconlessTray, macWithoutRosetta, NO_ROSETTA_PROBLEM } from '../../src/commands/mac-fallback.ts'
import { probeMac } from '../../src/doctor/probes.ts'
import { fakeRunner } from '../fakes/runner.ts'

/** A Mac as the probes see it: uname -m, sysctl.proc_translated, and whether `arch -x86_64` runs. */
function mac(machine: string, translated: string, archExit: number) {
  return fakeRunner({
    '/usr/bin/uname': () => ({ stdout: `${machine}\n` }),
    '/usr/sbin/sysctl': () => ({ stdout: `${translated}\n` }),
    '/usr/bin/arch': () => ({ exitCode: archExit, stderr: archExit === 0 ? '' : 'arch: posix_spawnp: /usr/bin/true: Bad CPU type in executable\n' }),
  }).runner
}

describe('the tray on a Mac without Rosetta 2', () => {
  it('only Apple silicon without Rosetta 2 falls back (no icon, osascript notices)', async () => {
    expect(macWithoutRosetta(await probeMac(mac('arm64', '0', 1), 'darwin'))).toBe(true)
    expect(macWithoutRosetta(await probeMac(mac('arm64', '0', 0), 'darwin'))).toBe(false)
    // An x86-64 Node translated by Rosetta: Rosetta is there by definition.
    expect(macWithoutRosetta(await probeMac(mac('x86_64', '1', 1), 'darwin'))).toBe(false)
    expect(macWithoutRosetta(await probeMac(mac('x86_64', '0', 1), 'darwin'))).toBe(false)
    expect(macWithoutRosetta(await probeMac(fakeRunner({}).runner, 'linux'))).toBe(false)
    expect(macWithoutRosetta({ appleSilicon: true, rosetta: null })).toBe(false)
  })

  it('the problem it reports names the cause, the fix and how to log in without clicks', () => {
    expect(NO_ROSETTA_PROBLEM).toContain('Rosetta 2 is not installed')
    expect(NO_ROSETTA_PROBLEM).toContain('softwareupdate --install-rosetta')
    expect(NO_ROSETTA_PROBLEM).toContain('aws-sso-tray login PROFILE')
  })

  it('the icon-less tray takes every call and shows nothing', async () => {
    const t = iconlessTray()
    expect(t.render({} as never)).toBeUndefined()
    expect(t.onAction(() => undefined)).toBeUndefined()
    await expect(t.dispose()).resolves.toBeUndefined()
  })
})
