// A local stand-in for IAM Identity Center, enough for the real AWS CLI v2 to log in, refresh and
// call STS against it (aws-cli.md §9): SSO OIDC (RegisterClient, StartDeviceAuthorization,
// CreateToken for the device-code and refresh_token grants), the portal's GetRoleCredentials and
// STS GetCallerIdentity (query protocol, SigV4 checked against the key it issued). A person's
// browser step is `GET /approve?user_code=…` or `/deny?user_code=…`. Loopback only, bounded
// (request size, stored items), and every request is logged for assertions.
// Every secret it hands out contains SECRET_MARKER, so tests can prove none of them leaks.

import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sigV4KeyId, sigV4Matches } from './sigv4.ts'

export const SECRET_MARKER = 'SeCrEtCaNaRy'

export interface FakeIdcOptions {
  /** Seconds a new access token lives (CreateToken expiresIn); negative = already expired. */
  accessTokenExpiresIn: number
  /** Issue refresh tokens and honour the refresh_token grant. */
  refresh: boolean
  /** Seconds a device code stays valid (StartDeviceAuthorization expiresIn). */
  deviceCodeExpiresIn: number
  /** Polling interval the CLI is told to use, in seconds (the service's default is 5). */
  interval: number
  /** Seconds a client registration lives (clientSecretExpiresAt). */
  registrationExpiresIn: number
  /** Seconds role credentials live; under 15 min the CLI fetches new ones on every call. */
  roleCredentialsExpiresIn: number
  /** The user code for the next device authorization (then random ones). */
  userCodes: string[]
  /** The verification URI printed by the CLI; `{code}` is replaced by the user code. */
  verificationUri: string
  /** The user name in the assumed-role ARN STS answers with. */
  user: string
}

export interface LoggedRequest {
  method: string
  path: string
  /** Operation name (CreateToken, GetRoleCredentials, GetCallerIdentity, Approve, ...). */
  op: string
  /** CreateToken's grant type. */
  grant?: string
  status: number
}

export interface FakeIdentityCenter {
  /** `http://127.0.0.1:PORT`: the endpoint for sso-oidc, sso and sts. */
  url: string
  options: FakeIdcOptions
  log: LoggedRequest[]
  /** Every secret issued so far (access, refresh, client secret, role secret, session token). */
  secrets(): string[]
  /** Access tokens issued so far with their server-side expiry (ms since epoch), oldest first. */
  accessTokens(): { expiresAt: number; expired: boolean }[]
  /** The server ends every access token now (as when the Identity Center session ends). */
  expireAccessTokens(): void
  close(): Promise<void>
}

const MAX_BODY = 64 * 1024
const MAX_ITEMS = 1000

interface Device {
  clientId: string
  userCode: string
  expiresAt: number
  status: 'pending' | 'approved' | 'denied' | 'used'
}
interface Token {
  expiresAt: number
  revoked: boolean
}
interface RoleKey {
  secret: string
  sessionToken: string
  role: string
  account: string
  expiresAt: number
}

export async function startFakeIdentityCenter(overrides: Partial<FakeIdcOptions> = {}): Promise<FakeIdentityCenter> {
  const options: FakeIdcOptions = {
    accessTokenExpiresIn: 3600,
    refresh: false,
    deviceCodeExpiresIn: 600,
    interval: 1,
    registrationExpiresIn: 90 * 86400,
    roleCredentialsExpiresIn: 3600,
    userCodes: [],
    verificationUri: 'https://device.sso.us-east-1.amazonaws.com/',
    user: 'jane@example.com',
    ...overrides,
  }
  const log: LoggedRequest[] = []
  const clients = new Map<string, { secret: string; expiresAt: number }>()
  const devices = new Map<string, Device>()
  const tokens = new Map<string, Token>()
  const refreshTokens = new Map<string, string>() // refresh token → clientId
  const roleKeys = new Map<string, RoleKey>()
  const secrets: string[] = []
  const secret = (kind: string) => {
    const s = `${kind}-${SECRET_MARKER}-${randomBytes(12).toString('hex')}`
    secrets.push(s)
    return s
  }
  const put = <V>(m: Map<string, V>, k: string, v: V) => {
    if (m.size >= MAX_ITEMS) throw new Error('fake identity center: too many items')
    m.set(k, v)
  }
  const now = () => Date.now()

  const issueAccessToken = (clientId: string) => {
    const accessToken = secret('aoa')
    put(tokens, accessToken, { expiresAt: now() + options.accessTokenExpiresIn * 1000, revoked: false })
    const answer: Record<string, unknown> = { accessToken, tokenType: 'Bearer', expiresIn: options.accessTokenExpiresIn }
    if (options.refresh) {
      const refreshToken = secret('aor')
      put(refreshTokens, refreshToken, clientId)
      answer.refreshToken = refreshToken
    }
    return answer
  }

  /** An OIDC error as the service sends it: the type in x-amzn-errortype, the OAuth code in the body. */
  const oidcError = (res: ServerResponse, type: string, error: string, description: string): void =>
    json(res, 400, { error, error_description: description }, { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.ssooidc/` })

  const registerClient = (res: ServerResponse): void => {
    const clientId = `client-${randomBytes(8).toString('hex')}`
    const expiresAt = Math.floor(now() / 1000) + options.registrationExpiresIn
    const clientSecret = secret('cs')
    put(clients, clientId, { secret: clientSecret, expiresAt: expiresAt * 1000 })
    json(res, 200, { clientId, clientSecret, clientIdIssuedAt: Math.floor(now() / 1000), clientSecretExpiresAt: expiresAt })
  }

  const startDeviceAuthorization = (b: Record<string, unknown>, res: ServerResponse): void => {
    if (!knownClient(b)) return oidcError(res, 'InvalidClientException', 'invalid_client', 'unknown client')
    const userCode = options.userCodes.shift() ?? randomCode()
    const deviceCode = secret('dc')
    put(devices, deviceCode, { clientId: String(b.clientId), userCode, expiresAt: now() + options.deviceCodeExpiresIn * 1000, status: 'pending' })
    const uri = options.verificationUri.replaceAll('{code}', userCode)
    const complete = options.verificationUri.includes('{code}') ? uri : `${uri}?user_code=${userCode}`
    json(res, 200, {
      deviceCode,
      userCode,
      verificationUri: uri,
      verificationUriComplete: complete,
      expiresIn: options.deviceCodeExpiresIn,
      interval: options.interval,
    })
  }

  const createToken = (b: Record<string, unknown>, res: ServerResponse): void => {
    if (!knownClient(b)) return oidcError(res, 'InvalidClientException', 'invalid_client', 'unknown client')
    const clientId = String(b.clientId)
    if (b.grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
      const d = devices.get(String(b.deviceCode))
      if (!d || d.clientId !== clientId || d.status === 'used') return oidcError(res, 'InvalidGrantException', 'invalid_grant', 'unknown device code')
      if (now() > d.expiresAt) return oidcError(res, 'ExpiredTokenException', 'expired_token', 'the device code has expired')
      if (d.status === 'pending') return oidcError(res, 'AuthorizationPendingException', 'authorization_pending', 'authorization pending')
      if (d.status === 'denied') return oidcError(res, 'AccessDeniedException', 'access_denied', 'the user denied the request')
      d.status = 'used'
      return json(res, 200, issueAccessToken(clientId))
    }
    if (b.grantType === 'refresh_token') {
      if (!options.refresh || refreshTokens.get(String(b.refreshToken)) !== clientId)
        return oidcError(res, 'InvalidGrantException', 'invalid_grant', 'refresh token not valid')
      refreshTokens.delete(String(b.refreshToken)) // rotated, as the service may do
      return json(res, 200, issueAccessToken(clientId))
    }
    oidcError(res, 'UnsupportedGrantTypeException', 'unsupported_grant_type', 'grant type not supported')
  }

  const getRoleCredentials = (req: IncomingMessage, url: URL, res: ServerResponse): void => {
    const token = tokens.get(String(req.headers['x-amz-sso_bearer_token']))
    if (!token || token.revoked || now() >= token.expiresAt) {
      return json(res, 401, { message: 'Session token not found or invalid' }, { 'x-amzn-errortype': 'UnauthorizedException' })
    }
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`
    const key: RoleKey = {
      secret: secret('rk'),
      sessionToken: secret('st'),
      role: url.searchParams.get('role_name') ?? '',
      account: url.searchParams.get('account_id') ?? '',
      expiresAt: now() + options.roleCredentialsExpiresIn * 1000,
    }
    put(roleKeys, accessKeyId, key)
    json(res, 200, { roleCredentials: { accessKeyId, secretAccessKey: key.secret, sessionToken: key.sessionToken, expiration: key.expiresAt } })
  }

  const getCallerIdentity = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const key = roleKeys.get(sigV4KeyId(req) ?? '')
    const valid = key !== undefined && now() < key.expiresAt && req.headers['x-amz-security-token'] === key.sessionToken && sigV4Matches(req, body, key.secret)
    if (!valid) {
      return xml(
        res,
        403,
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>',
      )
    }
    const arn = `arn:aws:sts::${key.account}:assumed-role/AWSReservedSSO_${key.role}_0123456789abcdef/${options.user}`
    xml(
      res,
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${esc(arn)}</Arn><UserId>AROAEXAMPLEID:${esc(options.user)}</UserId><Account>${esc(key.account)}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    )
  }

  /** The person in the browser: approves or denies the pending authorization showing this code. */
  const decide = (url: URL, res: ServerResponse, status: 'approved' | 'denied'): void => {
    const d = [...devices.values()].find((x) => x.userCode === url.searchParams.get('user_code') && x.status === 'pending')
    if (!d) return json(res, 404, { message: 'no pending authorization with this code' })
    d.status = status
    json(res, 200, { ok: true })
  }

  type Handler = (req: IncomingMessage, url: URL, body: string, res: ServerResponse) => void
  const routes: Record<string, [op: string, handler: Handler]> = {
    'POST /client/register': ['RegisterClient', (_q, _u, _b, res) => registerClient(res)],
    'POST /device_authorization': ['StartDeviceAuthorization', (_q, _u, body, res) => startDeviceAuthorization(parseJson(body), res)],
    'POST /token': ['CreateToken', (_q, _u, body, res) => createToken(parseJson(body), res)],
    'GET /federation/credentials': ['GetRoleCredentials', (req, url, _b, res) => getRoleCredentials(req, url, res)],
    'POST /': ['GetCallerIdentity', (req, _u, body, res) => getCallerIdentity(req, body, res)],
    'GET /approve': ['Approve', (_q, url, _b, res) => decide(url, res, 'approved')],
    'GET /deny': ['Deny', (_q, url, _b, res) => decide(url, res, 'denied')],
  }

  /** Routes one request; returns what to log about it. */
  const handle = (req: IncomingMessage, url: URL, body: string, res: ServerResponse): { op: string; grant?: string } => {
    const route = routes[`${req.method ?? ''} ${url.pathname}`]
    const sts = url.pathname !== '/' || new URLSearchParams(body).get('Action') === 'GetCallerIdentity'
    if (!route || !sts) {
      json(res, 404, { message: 'not found' })
      return { op: 'Unknown' }
    }
    route[1](req, url, body, res)
    return route[0] === 'CreateToken' ? { op: route[0], grant: String(parseJson(body).grantType) } : { op: route[0] }
  }

  const knownClient = (b: Record<string, unknown>): boolean => {
    const c = clients.get(String(b.clientId))
    return c !== undefined && c.secret === b.clientSecret && now() < c.expiresAt
  }

  const server = createServer((req, res) => {
    let body = ''
    let tooBig = false
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > MAX_BODY) tooBig = true
    })
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (tooBig) {
        json(res, 413, { message: 'request too large' })
        log.push({ method: req.method ?? '', path: url.pathname, op: 'TooLarge', status: 413 })
        return
      }
      try {
        const r = handle(req, url, body, res)
        if (log.length >= MAX_ITEMS * 10) throw new Error('fake identity center: request log full')
        log.push({ method: req.method ?? '', path: url.pathname, ...r, status: res.statusCode })
      } catch (e) {
        json(res, 500, { message: e instanceof Error ? e.message : String(e) })
        log.push({ method: req.method ?? '', path: url.pathname, op: 'Error', status: 500 })
      }
    })
  })
  server.requestTimeout = 10_000
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    options,
    log,
    secrets: () => [...secrets],
    accessTokens: () => [...tokens.values()].map((t) => ({ expiresAt: t.expiresAt, expired: t.revoked || now() >= t.expiresAt })),
    expireAccessTokens: () => {
      for (const t of tokens.values()) t.revoked = true
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' })
  res.end(body)
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function parseJson(body: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body)
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function randomCode(): string {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ'
  const pick = () => Array.from(randomBytes(4), (b) => letters[b % letters.length]).join('')
  return `${pick()}-${pick()}`
}
