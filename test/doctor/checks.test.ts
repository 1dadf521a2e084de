import { describe, expect, it } from 'vitest'
import { parseAwsVersion } from '../../src/aws/cli-version.ts'
import { doctorExitCode, evaluateDoctor, type DoctorProbes } from '../../src/doctor/checks.ts'
import { probeMac } from '../../src/doctor/probes.ts'
import { fakeRunner } from '../fakes/runner.ts'

const base: DoctorProbes = {
  platform: 'linux',
  arch: 'x64',
  aws: { command: 'aws', found: true, version: parseAwsVersion('aws-cli/2.23.0 Python/3.12.6 Linux/6 exe/x86_64') },
  otherAwsV2: null,
  tmux: { found: true, version: '3.3a' },
  display: { x11: true, wayland: false },
  clipboardTool: 'xsel',
  trayHelper: { path: '/h', missingLibs: [], error: null },
  notifySend: { found: true, actions: true },
  trayHost: 'sni',
  configFile: '/c',
  configErrors: [],
  profiles: { total: 3, sso: 2 },
}
const find = (p: DoctorProbes, name: string) => evaluateDoctor(p).find((c) => c.name === name)

describe('evaluateDoctor', () => {
  it('passes a complete Linux desktop', () => {
    const checks = evaluateDoctor(base)
    expect(checks.map((c) => c.verdict)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'])
    expect(doctorExitCode(checks)).toBe(0)
  })

  it('says which tray backend runs: native with a StatusNotifierWatcher, else the helper', () => {
    expect(find(base, 'tray backend')?.detail).toMatch(/^native StatusNotifierItem over D-Bus/)
    expect(find({ ...base, trayHost: 'none' }, 'tray backend')?.detail).toMatch(/^systray2 helper/)
    expect(find({ ...base, platform: 'darwin' }, 'tray backend')).toBeUndefined()
  })

  it('warns when no StatusNotifierItem host runs (vanilla GNOME), naming the extension', () => {
    expect(find(base, 'tray')?.detail).toBe('helper ready (StatusNotifierItem host running)')
    const c = find({ ...base, trayHost: 'none' }, 'tray')
    expect(c?.verdict).toBe('warn')
    expect(c?.fix).toContain('gnome-shell-extension-appindicator')
    expect(find({ ...base, trayHost: 'unknown' }, 'tray')?.detail).toMatch(/needs a StatusNotifierItem host/)
  })

  it('says the AWS CLI refuses the config, with file and line, when that is why --version failed', () => {
    const problem = { file: '/h/.aws/config', line: 4, message: 'duplicate section [profile p] (first at line 1; this one is ignored)' }
    const p = {
      ...base,
      aws: { command: 'aws', found: true, version: undefined, failure: 'Unable to parse config file: /h/.aws/config' },
      configErrors: [problem],
    }
    expect(find(p, 'AWS CLI v2')).toEqual({
      name: 'AWS CLI v2',
      verdict: 'fail',
      detail: '"aws --version" failed: the AWS CLI refuses /h/.aws/config, line 4: duplicate section [profile p] (first at line 1; this one is ignored)',
      fix: 'fix line 4 of /h/.aws/config: the AWS CLI runs no command until then',
    })
    // Our parser found nothing, the CLI still refused: its own words, not "install AWS CLI v2".
    const q = { ...base, aws: { command: 'aws', found: true, version: undefined, failure: 'Unable to parse config file: /h/.aws/config' } }
    expect(find(q, 'AWS CLI v2')).toMatchObject({
      detail: '"aws --version" failed: the AWS CLI refuses /h/.aws/config ("Unable to parse config file: /h/.aws/config")',
      fix: 'fix /h/.aws/config: the AWS CLI runs no command until then',
    })
    // Anything else without a version is still "install v2".
    const r = { ...base, aws: { command: 'aws', found: true, version: undefined, failure: 'Segmentation fault' } }
    expect(find(r, 'AWS CLI v2')?.detail).toBe('"aws --version" printed no aws-cli version')
  })

  it('fails the config check, with the fix, when a config file cannot be read', () => {
    const configUnreadable = { file: '/h/.aws/config', message: 'cannot read /h/.aws/config (EACCES)', fix: 'check the permissions of /h/.aws/config' }
    expect(find({ ...base, configUnreadable }, 'AWS config')).toEqual({
      name: 'AWS config',
      verdict: 'fail',
      detail: 'cannot read /h/.aws/config (EACCES)',
      fix: 'check the permissions of /h/.aws/config',
    })
  })

  it('says where it looked for a missing AWS CLI', () => {
    const p = {
      ...base,
      aws: { command: '/nope', found: false, version: undefined, missing: 'the AWS CLI "/nope" (set by AWS_SSO_TRAY_AWS) does not exist or cannot be run' },
    }
    expect(find(p, 'AWS CLI v2')).toMatchObject({ verdict: 'fail', detail: 'the AWS CLI "/nope" (set by AWS_SSO_TRAY_AWS) does not exist or cannot be run' })
  })

  it('fails on AWS CLI v1 and points at a v2 found elsewhere', () => {
    const p = { ...base, aws: { command: 'aws', found: true, version: parseAwsVersion('aws-cli/1.45.11 Python/3.11.7') }, otherAwsV2: '/usr/bin/aws' }
    const c = find(p, 'AWS CLI v2')
    expect(c).toMatchObject({ verdict: 'fail', detail: 'aws is AWS CLI 1.45.11 (v1 has no "aws sso login")' })
    expect(c?.fix).toContain('AWS_SSO_TRAY_AWS=/usr/bin/aws')
    expect(doctorExitCode(evaluateDoctor(p))).toBe(1)
  })

  it('gives an OS-specific fix for a missing AWS CLI', () => {
    const missing = { command: 'aws', found: false, version: undefined }
    expect(find({ ...base, aws: missing, platform: 'darwin' }, 'AWS CLI v2')?.fix).toBe('brew install awscli')
    expect(find({ ...base, aws: missing, platform: 'win32' }, 'AWS CLI v2')?.fix).toBe('winget install -e --id Amazon.AWSCLI')
  })

  it('fails on an unparseable config with file and line', () => {
    const c = find({ ...base, configErrors: [{ file: '/c', line: 4, message: 'duplicate section [p]' }] }, 'AWS config')
    expect(c).toMatchObject({ verdict: 'fail', detail: '/c:4: duplicate section [p]' })
  })

  it('warns (does not fail) on missing tray libraries, tmux, display and notify-send', () => {
    const p: DoctorProbes = {
      ...base,
      tmux: { found: false, version: null },
      display: { x11: false, wayland: false },
      trayHelper: { path: '/h', missingLibs: ['libappindicator3.so.1'], error: null },
      notifySend: { found: false, actions: false },
    }
    const checks = evaluateDoctor(p)
    expect(checks.filter((c) => c.verdict === 'warn').map((c) => c.name)).toEqual(['login runner', 'display', 'clipboard', 'tray', 'notifications'])
    expect(find(p, 'tray')?.fix).toContain('libayatana-appindicator3-1 libgtk-3-0')
    expect(doctorExitCode(checks)).toBe(0)
  })

  it('notes device-code-only CLIs', () => {
    expect(find({ ...base, aws: { command: 'aws', found: true, version: parseAwsVersion('aws-cli/2.9.19 Python/3.11.2') } }, 'AWS CLI v2')?.detail).toBe(
      'AWS CLI 2.9.19 (device-code logins only (PKCE needs 2.22+))',
    )
  })
})

describe('settings warnings', () => {
  it('gives each warning a line of its own that warns, names where and the fix, and never fails', () => {
    const p: DoctorProbes = {
      ...base,
      settingsWarnings: [
        {
          where: '/home/u/.config/aws-sso-tray/config.ini:3',
          key: 'warn_minutes',
          message: 'warn_minutes = "soon": expected minutes from 0 to 1440; using 15',
        },
        { where: 'AWS_SSO_TRAY_QUIET_HOURS', key: 'quiet_hours', message: 'quiet_hours = "late": expected HH:MM-HH:MM (local time) or off; using off' },
      ],
    }
    const checks = evaluateDoctor(p).filter((c) => c.name === 'settings')
    expect(checks).toEqual([
      {
        name: 'settings',
        verdict: 'warn',
        detail: '/home/u/.config/aws-sso-tray/config.ini:3: warn_minutes = "soon": expected minutes from 0 to 1440; using 15',
        fix: 'correct line 3 of /home/u/.config/aws-sso-tray/config.ini (aws-sso-tray config show prints what is in effect)',
      },
      {
        name: 'settings',
        verdict: 'warn',
        detail: 'AWS_SSO_TRAY_QUIET_HOURS: quiet_hours = "late": expected HH:MM-HH:MM (local time) or off; using off',
        fix: 'correct or unset AWS_SSO_TRAY_QUIET_HOURS',
      },
    ])
    expect(doctorExitCode(evaluateDoctor(p))).toBe(0)
    expect(evaluateDoctor(base).some((c) => c.name === 'settings')).toBe(false)
  })
})

describe('macOS on Apple silicon', () => {
  const mac: DoctorProbes = { ...base, platform: 'darwin', arch: 'arm64', clipboardTool: 'pbcopy', trayHost: 'unknown' }

  it('without Rosetta 2: says the tray cannot show and notices fall back to osascript, with the fix', () => {
    const p = { ...mac, mac: { appleSilicon: true, rosetta: false } }
    expect(find(p, 'Rosetta 2')).toEqual({
      name: 'Rosetta 2',
      verdict: 'warn',
      detail:
        "not installed: the tray icon cannot show (systray2's helper is x86-64 only) and notices fall back to osascript, which has no clicks (act with aws-sso-tray login PROFILE); the CLI works",
      fix: 'softwareupdate --install-rosetta',
    })
    expect(find(p, 'tray')).toMatchObject({ verdict: 'warn', fix: 'softwareupdate --install-rosetta' })
    expect(find(p, 'notifications')).toMatchObject({
      verdict: 'warn',
      detail: expect.stringMatching(/^osascript notices/) as unknown,
      fix: 'softwareupdate --install-rosetta',
    })
    expect(doctorExitCode(evaluateDoctor(p))).toBe(0)
  })

  it('with Rosetta 2: ok, naming what runs under it and how long Apple keeps it', () => {
    const p = { ...mac, mac: { appleSilicon: true, rosetta: true } }
    expect(find(p, 'Rosetta 2')).toMatchObject({ verdict: 'ok', fix: null, detail: expect.stringContaining('through macOS 27') as unknown })
    expect(find(p, 'tray')).toMatchObject({ verdict: 'ok', detail: 'helper ready' })
    expect(find(p, 'notifications')?.verdict).toBe('ok')
  })

  it('says nothing about Rosetta on an Intel Mac or elsewhere', () => {
    expect(find({ ...mac, arch: 'x64', mac: { appleSilicon: false, rosetta: null } }, 'Rosetta 2')).toBeUndefined()
    expect(find({ ...base, mac: { appleSilicon: true, rosetta: false } }, 'Rosetta 2')).toBeUndefined()
  })
})

describe('probeMac', () => {
  const answers = (machine: string, translated: { stdout?: string; exitCode?: number }, archExit: number) =>
    fakeRunner({
      '/usr/bin/uname': () => ({ stdout: `${machine}\n` }),
      '/usr/sbin/sysctl': () => ({ stdout: '', exitCode: 0, ...translated }),
      '/usr/bin/arch': () => ({ exitCode: archExit, stderr: archExit === 0 ? '' : 'arch: posix_spawnp: /usr/bin/true: Bad CPU type in executable\n' }),
    })

  it('finds Rosetta missing on Apple silicon by running arch -x86_64 /usr/bin/true', async () => {
    const fake = answers('arm64', { stdout: '0\n' }, 1)
    expect(await probeMac(fake.runner, 'darwin')).toEqual({ appleSilicon: true, rosetta: false })
    expect(fake.calls.map((c) => [c.file, ...c.args])).toContainEqual(['/usr/bin/arch', '-x86_64', '/usr/bin/true'])
    expect(await probeMac(answers('arm64', { stdout: '0\n' }, 0).runner, 'darwin')).toEqual({ appleSilicon: true, rosetta: true })
  })

  it('knows an x86-64 Node under Rosetta (sysctl.proc_translated = 1) is on Apple silicon with Rosetta', async () => {
    const fake = answers('x86_64', { stdout: '1\n' }, 1)
    expect(await probeMac(fake.runner, 'darwin')).toEqual({ appleSilicon: true, rosetta: true })
    expect(fake.calls.some((c) => c.file === '/usr/bin/arch')).toBe(false)
  })

  it('reads an Intel Mac (no proc_translated there) and runs nothing off macOS', async () => {
    expect(await probeMac(answers('x86_64', { exitCode: 1 }, 0).runner, 'darwin')).toEqual({ appleSilicon: false, rosetta: null })
    const none = fakeRunner({})
    expect(await probeMac(none.runner, 'linux')).toBeNull()
    expect(none.calls).toEqual([])
  })
})
