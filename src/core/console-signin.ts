// The AWS console in one click: role credentials (from `aws configure export-credentials`) are
// traded at the partition's federation endpoint for a sign-in token, and the browser opens the
// console with that token. Pure: URLs, parsing and the partition choice; no I/O.

export interface RoleCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
}

export interface Partition {
  /** The federation endpoint (getSigninToken and login). */
  federation: string
  /** The console's home for a region. */
  console(region: string): string
}

/** By region prefix, as the partitions are named: aws-us-gov (us-gov-*), aws-cn (cn-*), else aws. */
export function partitionFor(region: string): Partition {
  if (region.startsWith('us-gov-')) {
    return {
      federation: 'https://signin.amazonaws-us-gov.com/federation',
      console: (r) => `https://console.amazonaws-us-gov.com/console/home?region=${encodeURIComponent(r)}`,
    }
  }
  if (region.startsWith('cn-')) {
    return { federation: 'https://signin.amazonaws.cn/federation', console: (r) => `https://console.amazonaws.cn/console/home?region=${encodeURIComponent(r)}` }
  }
  return {
    federation: 'https://signin.aws.amazon.com/federation',
    console: (r) => `https://${encodeURIComponent(r)}.console.aws.amazon.com/console/home?region=${encodeURIComponent(r)}`,
  }
}

/**
 * `aws configure export-credentials --format process` prints the credential_process JSON
 * (`Version`, `AccessKeyId`, `SecretAccessKey`, `SessionToken`, `Expiration`). Console sign-in
 * needs temporary credentials: long-term keys (no session token) are refused.
 */
export function parseExportedCredentials(stdout: string): RoleCredentials | { error: string } {
  let o: unknown
  try {
    o = JSON.parse(stdout)
  } catch {
    return { error: 'the AWS CLI printed no credentials' }
  }
  if (typeof o !== 'object' || o === null) return { error: 'the AWS CLI printed no credentials' }
  const r = o as Record<string, unknown>
  const { AccessKeyId: id, SecretAccessKey: key, SessionToken: token } = r
  if (typeof id !== 'string' || typeof key !== 'string' || id === '' || key === '') return { error: 'the AWS CLI printed no credentials' }
  if (typeof token !== 'string' || token === '') return { error: 'these are long-term keys: the console sign-in needs role (temporary) credentials' }
  return { accessKeyId: id, secretAccessKey: key, sessionToken: token }
}

/** The getSigninToken request (GET, as the endpoint documents it; HTTPS keeps the query private). */
export function signinTokenUrl(federation: string, creds: RoleCredentials): string {
  const session = JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken })
  return `${federation}?Action=getSigninToken&Session=${encodeURIComponent(session)}`
}

export function parseSigninToken(body: string): string | undefined {
  try {
    const o = JSON.parse(body) as Record<string, unknown>
    return typeof o.SigninToken === 'string' && o.SigninToken !== '' ? o.SigninToken : undefined
  } catch {
    return undefined
  }
}

/** The sign-in URL: a bearer link, valid for 15 minutes, that opens `destination` signed in. */
export function consoleLoginUrl(federation: string, signinToken: string, destination: string): string {
  return `${federation}?Action=login&Issuer=aws-sso-tray&Destination=${encodeURIComponent(destination)}&SigninToken=${encodeURIComponent(signinToken)}`
}

/**
 * Only loopback may replace the real endpoint (a test-only setting): credentials must never be
 * sent anywhere else because an environment variable said so.
 */
export function isLoopbackEndpoint(url: string): boolean {
  try {
    const u = new URL(url)
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
  } catch {
    return false
  }
}
