// `completion SHELL` and the hidden `__complete profiles` the scripts call, through main().

import { describe, expect, it } from 'vitest'
import { main } from '../../src/main.ts'
import { fakeContext } from '../fakes/context.ts'

const CONFIG = `[default]
region = us-east-1
[profile dev]
sso_session = corp
[profile "prod admin"]
sso_session = corp
[profile "it's \\"q\\""]
sso_session = corp
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`

describe('__complete sessions', () => {
  it('prints the sso-session names, one a line', async () => {
    const ctx = fakeContext(
      { '/home/u/.aws/config': `${CONFIG}[sso-session "corp eu"]\nsso_start_url = https://eu.awsapps.com/start\nsso_region = eu-west-1\n` },
      0,
    )
    expect(await main(['__complete', 'sessions'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('corp\ncorp eu\n')
  })
  it('anything else: exit 2, no output', async () => {
    const ctx = fakeContext({}, 0)
    expect(await main(['__complete', 'accounts'], ctx)).toBe(2)
    expect(ctx.stdout).toEqual([])
  })
})

describe('__complete profiles', () => {
  it('prints every profile name the commands accept, one a line, nothing else', async () => {
    const ctx = fakeContext({ '/home/u/.aws/config': CONFIG }, 0)
    expect(await main(['__complete', 'profiles'], ctx)).toBe(0)
    expect(ctx.stdout.join('')).toBe('default\ndev\nprod admin\nit\'s "q"\n')
    expect(ctx.stderr).toEqual([])
  })

  it('reads AWS_CONFIG_FILE like every command; no config: no names', async () => {
    const ctx = fakeContext({ '/elsewhere/cfg': '[profile only]\nregion = x\n' }, 0, { AWS_CONFIG_FILE: '/elsewhere/cfg' })
    await main(['__complete', 'profiles'], ctx)
    expect(ctx.stdout.join('')).toBe('only\n')
    const empty = fakeContext({}, 0)
    expect(await main(['__complete', 'profiles'], empty)).toBe(0)
    expect(empty.stdout.join('')).toBe('')
  })

  it('stays out of the help', async () => {
    const ctx = fakeContext({}, 0)
    await main(['--help'], ctx)
    expect(ctx.stdout.join('')).not.toContain('__complete')
    expect(ctx.stdout.join('')).toContain('  completion ')
  })
})

describe('completion SHELL', () => {
  it('prints the script for the command table: every visible command and its options', async () => {
    const ctx = fakeContext({}, 0)
    expect(await main(['completion', 'bash'], ctx)).toBe(0)
    const script = ctx.stdout.join('')
    expect(script).toContain("compgen -W 'tray status check login console ensure config doctor autostart completion")
    expect(script).toMatch(/^ {6}check\) opts='--json [^']*--concurrency --timeout' ;;$/m)
    expect(script).toContain("    'status --state')\n      COMPREPLY=($(compgen -W 'valid refreshable expiring expired missing invalid' -- \"$cur\"))")
    expect(script).toContain("    'status --session')\n      _aws_sso_tray_names sessions")
    expect(script).toContain("    'check --timeout')\n      :\n      return ;;")
    expect(script).not.toContain("__complete profiles'") // asked for at completion time, not listed as a command
  })

  it('an unknown or missing shell: exit 2 naming the three', async () => {
    await expect(main(['completion', 'tcsh'], fakeContext({}, 0))).rejects.toMatchObject({
      exitCode: 2,
      message: 'no completion for "tcsh": bash, zsh or fish',
    })
    await expect(main(['completion'], fakeContext({}, 0))).rejects.toMatchObject({ exitCode: 2, message: 'completion needs a shell: bash, zsh or fish' })
  })
})
