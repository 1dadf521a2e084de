import { describe, expect, it } from 'vitest'
import { runDoctor } from '../../src/commands/doctor.ts'
import { fakeContext } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const CONFIG =
  '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n'

/** A Mac's answers; `rosetta` decides whether arch -x86_64 can run x86-64 code. */
const macRunner = (rosetta: boolean) =>
  fakeRunner({
    aws: () => ({ stdout: 'aws-cli/2.23.0 Python/3.12.6 Darwin/24.0.0 exe/arm64\n' }),
    tmux: () => ({ stdout: 'tmux 3.5a\n' }),
    'notify-send': () => ({ exitCode: undefined, notFound: true }),
    '/usr/bin/uname': () => ({ stdout: 'arm64\n' }),
    '/usr/sbin/sysctl': () => ({ stdout: '0\n' }),
    '/usr/bin/arch': () => ({ exitCode: rosetta ? 0 : 1, stderr: rosetta ? '' : 'Bad CPU type in executable\n' }),
  })

describe('doctor', () => {
  it('on an Apple silicon Mac without Rosetta 2 names the fix in --json, and still passes', async () => {
    const ctx = { ...fakeContext({ '/home/u/.aws/config': CONFIG }, NOW), platform: 'darwin' as const }
    const fake = macRunner(false)
    expect(await runDoctor(ctx, { json: true }, fake.runner)).toBe(0)
    const { checks } = JSON.parse(ctx.stdout.join('')) as { checks: { name: string; verdict: string; fix: string | null }[] }
    expect(checks.filter((c) => c.fix === 'softwareupdate --install-rosetta').map((c) => [c.name, c.verdict])).toEqual([
      ['Rosetta 2', 'warn'],
      ['tray', 'warn'],
      ['notifications', 'warn'],
    ])
    expect(fake.calls.find((c) => c.file === '/usr/bin/arch')?.args).toEqual(['-x86_64', '/usr/bin/true'])
  })

  it('shows each settings warning as a line of its own', async () => {
    const ctx = fakeContext(
      { '/home/u/.aws/config': CONFIG, '/home/u/.config/aws-sso-tray/config.ini': 'warn_minutes = soon\nhide = x\ncheck_concurency = 2\n' },
      NOW,
      { NO_COLOR: '1' },
    )
    const fake = fakeRunner({
      aws: () => ({ stdout: 'aws-cli/2.23.0 Python/3.12.6 Linux/6 exe/x86_64\n' }),
      tmux: () => ({ stdout: 'tmux 3.3a\n' }),
      'notify-send': () => ({ stdout: '--action\n' }),
      xsel: () => ({}),
      ldd: () => ({}),
    })
    await runDoctor({ ...ctx, env: { ...ctx.env, DISPLAY: ':0' } }, { json: false }, fake.runner)
    const lines = ctx.stdout
      .join('')
      .split('\n')
      .filter((l) => /^\S+\s+settings\s/.test(l))
    expect(lines).toEqual([
      'warn  settings       /home/u/.config/aws-sso-tray/config.ini:3: unknown setting "check_concurency" (did you mean check_concurrency?); ignored',
      'warn  settings       /home/u/.config/aws-sso-tray/config.ini:1: warn_minutes = "soon": expected minutes from 0 to 1440; using 15',
    ])
  })
})
