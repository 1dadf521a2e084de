import { describe, expect, it } from 'vitest'
import { awsCliProblem } from '../../src/login/cli-check.ts'
import { resolveSettings } from '../../src/settings.ts'

const run = (over: Partial<{ notFound: boolean; exitCode: number | undefined; stdout: string; stderr: string }>) => ({
  notFound: false,
  exitCode: 0,
  stdout: '',
  stderr: '',
  ...over,
})

describe('awsCliProblem', () => {
  const PATH_ENV = { PATH: '/usr/local/bin:/usr/bin' }

  it('v2 is fine', () => {
    expect(awsCliProblem('aws', run({ stdout: 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12\n' }), PATH_ENV)).toBeUndefined()
  })

  it('not found: the words check and doctor use (where we looked, or which setting)', () => {
    expect(awsCliProblem('aws', run({ notFound: true, exitCode: undefined }), PATH_ENV)).toEqual({
      message: 'the AWS CLI "aws" is not on PATH (looked in /usr/local/bin:/usr/bin)',
      hint: 'install AWS CLI v2, or set AWS_SSO_TRAY_AWS to its full path (aws-sso-tray doctor shows how)',
    })
    expect(awsCliProblem('/opt/aws', run({ notFound: true }), { AWS_SSO_TRAY_AWS: '/opt/aws' })?.message).toBe(
      'the AWS CLI "/opt/aws" (set by AWS_SSO_TRAY_AWS) does not exist or cannot be run',
    )
    expect(awsCliProblem('/opt/aws', run({ notFound: true }), {})?.message).toBe(
      'the AWS CLI "/opt/aws" (set by the "aws" setting in config.ini) does not exist or cannot be run',
    )
  })

  it('v1 (which prints its version to stderr on old Pythons): install v2', () => {
    expect(awsCliProblem('aws', run({ stderr: 'aws-cli/1.18.69 Python/2.7.18 Linux/5.4 botocore/1.16.19\n' }), PATH_ENV)).toEqual({
      message: 'aws is AWS CLI 1.18.69; aws-sso-tray needs AWS CLI v2 (v1 has no SSO login)',
      hint: 'install AWS CLI v2, or set AWS_SSO_TRAY_AWS to its full path (aws-sso-tray doctor shows how)',
    })
  })

  it('something else: quotes what it printed', () => {
    expect(awsCliProblem('aws', run({ stdout: 'hello from a wrapper\nmore\n' }), PATH_ENV)).toEqual({
      message: 'aws is not AWS CLI v2 (its --version printed "hello from a wrapper")',
      hint: 'run aws-sso-tray doctor for the fix',
    })
    expect(awsCliProblem('aws', run({ exitCode: 1 }), PATH_ENV)?.message).toBe('aws is not AWS CLI v2 (its --version printed nothing)')
    expect(awsCliProblem('aws', run({ stdout: '\n  wrapper says hi\n' }), PATH_ENV)?.message).toBe(
      'aws is not AWS CLI v2 (its --version printed "wrapper says hi")',
    )
    expect(awsCliProblem('aws', run({ stderr: 'x'.repeat(100) }), PATH_ENV)?.message).toBe(`aws is not AWS CLI v2 (its --version printed "${'x'.repeat(80)}")`)
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
