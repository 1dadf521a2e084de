import { describe, expect, it } from 'vitest'
import { classifyAwsError } from '../../src/aws/classify-error.ts'

const fail = (stderr: string, exitCode = 255) => classifyAwsError({ exitCode, stderr: `\n${stderr}\n`, timedOut: false })

// One line per pattern of the classifier (aws-cli.md §5), each the CLI's own text where known.
describe('classifyAwsError', () => {
  it.each([
    // auth-expired
    ['Error when retrieving token from sso: Token has expired and refresh failed', 'auth-expired'],
    [
      'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
      'auth-expired',
    ],
    ['The SSO session has expired', 'auth-expired'],
    ['the SSO session has expired or is invalid', 'auth-expired'],
    ['Error when retrieving credentials from custom-process', 'auth-expired'],
    ['The SSO access token has expired', 'auth-expired'],
    ['Error loading SSO Token: Token for corp does not exist', 'auth-expired'],
    ['Error loading SSO Token: Token for https://x.awsapps.com/start is invalid', 'auth-expired'],
    ['An error occurred (UnauthorizedException) when calling the GetRoleCredentials operation: Session token not found or invalid', 'auth-expired'],
    ['aws: [ERROR]: Token has expired and refresh failed', 'auth-expired'],
    // access-denied
    ['An error occurred (ForbiddenException) when calling the GetRoleCredentials operation: No access', 'access-denied'],
    ['An error occurred (AccessDeniedException) when calling the GetRoleCredentials operation: User is not authorized', 'access-denied'],
    ['An error occurred (AccessDenied) when calling the GetCallerIdentity operation: Access denied', 'access-denied'],
    // network
    ['Could not connect to the endpoint URL: "https://portal.sso.us-east-1.amazonaws.com/federation/credentials"', 'network'],
    ['Connect timeout on endpoint URL: "https://sts.amazonaws.com/"', 'network'],
    ['Read timeout on endpoint URL: "https://sts.us-east-1.amazonaws.com/"', 'network'],
    ['SSL validation failed for https://sts.amazonaws.com/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed', 'network'],
    ['Failed to connect to proxy URL: "http://proxy.corp:3128"', 'network'],
    // config
    ['Unable to parse config file: /home/u/.aws/config', 'config'],
    ['The specified sso-session does not exist: "corp"', 'config'],
    ['The profile "dev" is configured to use SSO but is missing required configuration: sso_region', 'config'],
    ['The value for sso_region is inconsistent between profile (eu-west-1) and sso-session (us-east-1).', 'config'],
    ['The config profile (nope) could not be found', 'config'],
    ['Missing the following required SSO configuration values: sso_role_name', 'config'],
    [
      'Infinite loop in credential configuration detected. Attempting to load from profile a which has already been visited. Visited profiles: a -> b',
      'config',
    ],
    ['You must specify a region. You can also configure your region by running "aws configure".', 'config'],
    // anything else
    ['An error occurred (ThrottlingException) when calling the GetCallerIdentity operation: Rate exceeded', 'cli-error'],
  ])('%s → %s', (stderr, cls) => {
    expect(fail(stderr)?.class).toBe(cls)
  })

  it.each([
    ["'0ad374308c5a4e22f723adf10145eafad7c4031c'"],
    ["KeyError: '0ad374308c5a4e22f723adf10145eafad7c4031c'"],
    ["aws: [ERROR]: '0ad374308c5a4e22f723adf10145eafad7c4031c'"],
  ])("names the corrupt cache file for botocore's bare KeyError %s, never the raw text", (stderr) => {
    expect(fail(stderr)).toEqual({
      class: 'auth-expired',
      message: 'the token cache file ~/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json is corrupt: log in again to rewrite it',
    })
  })

  it('does not take a quoted hash inside other text for a corrupt cache', () => {
    expect(fail("Could not find '0ad374308c5a4e22f723adf10145eafad7c4031c' in table")?.class).toBe('cli-error')
    for (const line of [
      "Could not find '0ad374308c5a4e22f723adf10145eafad7c4031c'",
      "'0ad374308c5a4e22f723adf10145eafad7c4031c' is not a profile",
      "'0ad374308c5a4e22f723adf10145eafad7c4031c'.json",
      "cache_key='0ad374308c5a4e22f723adf10145eafad7c4031c'",
      "'0ad374308c5a4e22f723adf10145eafad7c4031'",
      "'0ad374308c5a4e22f723adf10145eafad7c4031c0'",
      "'0AD374308C5A4E22F723ADF10145EAFAD7C4031C'",
    ]) {
      expect(fail(line)?.class, line).toBe('cli-error')
    }
  })

  it('finds the quoted key however the CLI spaces and ends the line, and with no blank line around it', () => {
    const key = '0ad374308c5a4e22f723adf10145eafad7c4031c'
    for (const stderr of [`'${key}'`, `\r\naws: [ERROR]: KeyError: '${key}'\r\n`, `aws: [ERROR]:'${key}'`, `aws: [ERROR]:\t\t'${key}'  `, `  '${key}'\n\n`]) {
      expect(classifyAwsError({ exitCode: 255, stderr, timedOut: false })?.message, JSON.stringify(stderr)).toBe(
        `the token cache file ~/.aws/sso/cache/${key}.json is corrupt: log in again to rewrite it`,
      )
    }
  })

  it('classifies only a failed run, however alarming the text of a successful one', () => {
    for (const text of [
      'Token has expired and refresh failed',
      '(ForbiddenException)',
      'Could not connect to the endpoint URL',
      'Unable to parse config file',
      "'0ad374308c5a4e22f723adf10145eafad7c4031c'",
    ]) {
      expect(classifyAwsError({ exitCode: 0, stderr: text, timedOut: false })).toBeUndefined()
    }
  })

  it('reports timeouts, also the pending device authorisation that expired', () => {
    expect(classifyAwsError({ exitCode: undefined, stderr: '', timedOut: true })).toEqual({ class: 'timeout', message: 'the AWS CLI did not answer in time' })
    expect(fail('Pending authorization to retrieve an SSO token has expired. Please try again.')?.class).toBe('timeout')
  })

  it('keeps the message without the 2.34 prefix, and names the exit code when stderr is empty', () => {
    expect(fail('aws: [ERROR]: The config profile (x) could not be found', 255)?.message).toBe('The config profile (x) could not be found')
    expect(classifyAwsError({ exitCode: 1, stderr: '', timedOut: false })).toEqual({ class: 'cli-error', message: 'the AWS CLI exited with code 1' })
  })

  it('a login denied in the browser (CreateToken, text after the colon empty or not) says so in plain words', () => {
    const plain = { class: 'access-denied', message: 'the sign-in was denied in the browser; log in again and choose Allow to finish it' }
    expect(fail('An error occurred (AccessDeniedException) when calling the CreateToken operation: ', 254)).toEqual(plain)
    expect(fail('aws: [ERROR]: An error occurred (AccessDeniedException) when calling the CreateToken operation: access_denied', 254)).toEqual(plain)
    // PKCE: the redirect brought an error instead of a code.
    expect(fail('aws: [ERROR]: Error loading authorization code: Failed to retrieve an authorization code.', 255)).toEqual(plain)
    // Denied elsewhere (a role not assigned) keeps the CLI's own words.
    expect(fail('An error occurred (AccessDeniedException) when calling the GetRoleCredentials operation: No access')?.message).toContain('GetRoleCredentials')
  })

  it('treats exit 253 as configuration', () => {
    expect(fail('Something unforeseen about the configuration', 253)?.class).toBe('config')
  })

  it('names an unknown exit code (the CLI was killed by a signal) when stderr is empty', () => {
    expect(classifyAwsError({ exitCode: undefined, stderr: '', timedOut: false })).toEqual({
      class: 'cli-error',
      message: 'the AWS CLI exited with code unknown',
    })
  })

  it('keeps the last non-blank line of stderr, trimmed, for LF and CRLF output', () => {
    const lines = 'Note: the profile uses SSO\nThe config profile (x) could not be found  \n  \n'
    expect(classifyAwsError({ exitCode: 255, stderr: lines, timedOut: false })?.message).toBe('The config profile (x) could not be found')
    expect(classifyAwsError({ exitCode: 255, stderr: lines.replaceAll('\n', '\r\n'), timedOut: false })?.message).toBe(
      'The config profile (x) could not be found',
    )
  })

  it('strips only a leading 2.34 prefix, never the same text inside a profile name', () => {
    expect(fail('The config profile (aws: [ERROR]: x) could not be found')?.message).toBe('The config profile (aws: [ERROR]: x) could not be found')
  })

  it('an empty 2.34 error line names the exit code instead', () => {
    expect(fail('aws: [ERROR]:', 2)).toEqual({ class: 'cli-error', message: 'the AWS CLI exited with code 2' })
  })
})
