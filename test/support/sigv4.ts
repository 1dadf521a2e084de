// Checks an AWS Signature Version 4 `Authorization` header (the form the AWS CLI sends) against a
// secret key: the stand-in STS uses it to accept only requests signed with a key it issued.

import { createHash, createHmac } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/

/** The access key id a request claims to be signed with. */
export function sigV4KeyId(req: IncomingMessage): string | undefined {
  return AUTH.exec(String(req.headers.authorization))?.[1]
}

/** True when the request's signature is the one `secretKey` gives for its method, path, query, signed headers and body. */
export function sigV4Matches(req: IncomingMessage, body: string, secretKey: string): boolean {
  const auth = AUTH.exec(String(req.headers.authorization))
  if (!auth) return false
  const [, , date = '', region = '', service = '', signedHeaders = '', signature = ''] = auth
  const canonicalHeaders = signedHeaders
    .split(';')
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('')
  const [path = '/', query = ''] = (req.url ?? '/').split('?')
  const canonical = [req.method, path, query, canonicalHeaders, signedHeaders, sha256(body)].join('\n')
  const scope = `${date}/${region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', String(req.headers['x-amz-date']), scope, sha256(canonical)].join('\n')
  let key: Buffer = hmac(`AWS4${secretKey}`, date)
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part)
  return hmac(key, toSign).toString('hex') === signature
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const hmac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s, 'utf8').digest()
