import { describe, expect, it } from 'vitest'
import { classifyAwsError } from '../../src/aws/classify-error.ts'

const fail = (stderr: string, exitCode = 255) => classifyAwsError({ exitCode, stderr: `\n${stderr}\n`, timedOut: false })

describe('classifyAwsError', () => {
  it.each([
    ['Error when retrieving token from sso: Token has expired and refresh failed', 'auth-expired'],
    ['The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.', 'auth-expired'],
    ['Error loading SSO Token: Token for corp does not exist', 'auth-expired'],
    ['Error loading SSO Token: Token for https://x.awsapps.com/start is invalid', 'auth-expired'],
    ["'0ad374308c5a4e22f723adf10145eafad7c4031c'", 'auth-expired'],
    ['aws: [ERROR]: Token has expired and refresh failed', 'auth-expired'],
    ['The SSO session has expired', 'auth-expired'],
    ['the SSO session has expired or is invalid', 'auth-expired'],
    ['Error when retrieving credentials from custom-process', 'auth-expired'],
    ['The SSO access token has expired', 'auth-expired'],
    ['An error occurred (ForbiddenException) when calling the GetRoleCredentials operation: No access', 'access-denied'],
    ['Could not connect to the endpoint URL: "https://portal.sso.us-east-1.amazonaws.com/federation/credentials"', 'network'],
    ['Connect timeout on endpoint URL: "https://sts.amazonaws.com/"', 'network'],
    ['SSL validation failed for https://sts.amazonaws.com/ [SSL: CERTIFICATE_VERIFY_FAILED]', 'network'],
    ['Unable to parse config file: /home/u/.aws/config', 'config'],
    ['The specified sso-session does not exist: "corp"', 'config'],
    ['The config profile (nope) could not be found', 'config'],
    ['An error occurred (ThrottlingException) when calling the GetCallerIdentity operation: Rate exceeded', 'cli-error'],
  ])('%s → %s', (stderr, cls) => {
    expect(fail(stderr)?.class).toBe(cls)
  })

  it('never classifies a successful run, even with alarming text', () => {
    expect(classifyAwsError({ exitCode: 0, stderr: 'Token has expired and refresh failed', timedOut: false })).toBeUndefined()
  })

  it('reports timeouts and keeps the message without the 2.34 prefix', () => {
    expect(classifyAwsError({ exitCode: undefined, stderr: '', timedOut: true })?.class).toBe('timeout')
    expect(fail('aws: [ERROR]: The config profile (x) could not be found', 255)?.message).toBe('The config profile (x) could not be found')
  })

  it('treats exit 253 as configuration', () => {
    expect(fail('You must specify a region. You can also configure your region by running "aws configure".', 253)?.class).toBe('config')
  })
})
