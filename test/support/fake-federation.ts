// A local stand-in for the AWS sign-in federation endpoint (getSigninToken), on loopback. It
// accepts only the credentials it was given and records what it was asked, for assertions.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeFederation {
  url: string
  requests: URL[]
  close(): Promise<void>
}

export async function startFakeFederation(
  accepted: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
  signinToken: string,
): Promise<FakeFederation> {
  const requests: URL[] = []
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(u)
    let session: Record<string, unknown> = {}
    try {
      session = JSON.parse(u.searchParams.get('Session') ?? '{}') as Record<string, unknown>
    } catch {
      // stays empty: refused below
    }
    const ok =
      req.method === 'GET' &&
      u.pathname === '/federation' &&
      u.searchParams.get('Action') === 'getSigninToken' &&
      session.sessionId === accepted.accessKeyId &&
      session.sessionKey === accepted.secretAccessKey &&
      session.sessionToken === accepted.sessionToken
    res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
    res.end(ok ? JSON.stringify({ SigninToken: signinToken }) : '{"message":"bad session"}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/federation`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
