import { describe, expect, it } from 'vitest'
import { awsCliProblem } from '../../src/aws/cli-version.ts'
import { resolveSettings } from '../../src/settings.ts'

const run = (over: Partial<{ notFound: boolean; exitCode: number | undefined; stdout: string; stderr: string }>) => ({ notFound: false, exitCode: 0, stdout: '', stderr: '', ...over })

describe('awsCliProblem', () => {
  it('v2 is fine', () => {
    expect(awsCliProblem('aws', run({ stdout: 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12\n' }), { path: '/usr/bin' })).toBeUndefined()
  })

  it('not found on PATH: names the directories it looked in', () => {
    expect(awsCliProblem('aws', run({ notFound: true, exitCode: undefined }), { path: '/usr/local/bin:/usr/bin::/bin' })).toEqual({
      message: 'aws not found on PATH (looked in /usr/local/bin, /usr/bin, /bin)',
      hint: 'install AWS CLI v2, or set AWS_SSO_TRAY_AWS (or aws = in the settings file) to its path',
    })
    expect(awsCliProblem('aws', run({ notFound: true }), { path: '' })?.message).toBe('aws not found on PATH (looked in no directories: PATH is empty)')
  })

  it('not found where a setting points: names the setting', () => {
    expect(awsCliProblem('/opt/aws', run({ notFound: true }), { setting: 'AWS_SSO_TRAY_AWS' })).toEqual({
      message: '/opt/aws not found (set by AWS_SSO_TRAY_AWS)', hint: 'install AWS CLI v2 there, or correct AWS_SSO_TRAY_AWS',
    })
    expect(awsCliProblem('/opt/aws', run({ notFound: true }), { setting: 'aws = in /h/.config/aws-sso-tray/config.ini' })?.message).toBe('/opt/aws not found (set by aws = in /h/.config/aws-sso-tray/config.ini)')
  })

  it('a path on PATH lookup that is not found is reported as such', () => {
    expect(awsCliProblem('./bin/aws', run({ notFound: true }), { path: '/usr/bin' })?.message).toBe('./bin/aws not found at that path')
  })

  it('v1 (which prints its version to stderr on old Pythons): install v2', () => {
    expect(awsCliProblem('aws', run({ stderr: 'aws-cli/1.18.69 Python/2.7.18 Linux/5.4 botocore/1.16.19\n' }), { path: '/usr/bin' })).toEqual({
      message: 'aws is AWS CLI v1 (1.18.69): aws sso login needs v2',
      hint: 'install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)',
    })
  })

  it('something else: quotes what it printed', () => {
    expect(awsCliProblem('aws', run({ stdout: 'hello from a wrapper\nmore\n' }), { path: '/usr/bin' })).toEqual({ message: 'aws is not AWS CLI v2 (its --version printed "hello from a wrapper")', hint: 'run aws-sso-tray doctor for the fix' })
    expect(awsCliProblem('aws', run({ exitCode: 1 }), { path: '/usr/bin' })?.message).toBe('aws is not AWS CLI v2 (its --version printed nothing)')
  })
})

describe('url_timeout setting', () => {
  it('defaults to 30 s; AWS_SSO_TRAY_URL_TIMEOUT wins over url_timeout in the file; junk falls back', () => {
    expect(resolveSettings({}, '/h').urlTimeoutMs).toBe(30_000)
    expect(resolveSettings({}, '/h', { url_timeout: '90' }).urlTimeoutMs).toBe(90_000)
    expect(resolveSettings({ AWS_SSO_TRAY_URL_TIMEOUT: '2.5' }, '/h', { url_timeout: '90' }).urlTimeoutMs).toBe(2500)
    for (const junk of ['0', '-1', 'soon', '']) expect(resolveSettings({ AWS_SSO_TRAY_URL_TIMEOUT: junk }, '/h').urlTimeoutMs).toBe(30_000)
  })
})
