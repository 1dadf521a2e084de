// Secret canaries: distinctive values in every secret field of the token cache, a client
// registration and the credentials file; every command, on success and failure paths and on an
// internal error, must keep them out of stdout, stderr, logs and state files, and leave ~/.aws as it was.

import { spawnSync } from 'node:child_process'
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/aws/token-cache.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-secrets-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(() => {
  statSync(CLI)
})

const CANARY = {
  accessToken: 'CANARY-ACCESS-7f3c1e',
  refreshToken: 'CANARY-REFRESH-90ab2d',
  clientId: 'CANARY-CLIENTID-55e0aa',
  clientSecret: 'CANARY-CLIENTSECRET-c4d1f9',
  secretKey: 'CANARY-SECRETKEY-1b77e3',
  sessionToken: 'CANARY-SESSIONTOKEN-e812c0',
}
const ALL = Object.values(CANARY)
const iso = (h: number) => new Date(Date.now() + h * 3600_000).toISOString()
const secrets = (expiresAt: string) => ({
  startUrl: 'https://corp.awsapps.com/start',
  region: 'us-east-1',
  expiresAt,
  registrationExpiresAt: iso(24 * 30),
  accessToken: CANARY.accessToken,
  refreshToken: CANARY.refreshToken,
  clientId: CANARY.clientId,
  clientSecret: CANARY.clientSecret,
})

function setup(): string {
  const h = path.join(root, 'home')
  const cache = path.join(h, '.aws', 'sso', 'cache')
  mkdirSync(cache, { recursive: true })
  const prof = (name: string, session: string) => `[profile ${name}]\nsso_session = ${session}\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
  const session = (name: string) => `[sso-session ${name}]\nsso_start_url = https://${name}.awsapps.com/start\nsso_region = us-east-1\n`
  writeFileSync(
    path.join(h, '.aws', 'config'),
    session('corp') +
      session('stale') +
      session('broken') +
      prof('dev', 'corp') +
      prof('old', 'stale') +
      prof('bad', 'broken') +
      '[profile static]\nregion = us-east-1\n',
  )
  writeFileSync(
    path.join(h, '.aws', 'credentials'),
    `[static]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = ${CANARY.secretKey}\naws_session_token = ${CANARY.sessionToken}\n`,
  )
  writeFileSync(path.join(cache, `${cacheKey('corp')}.json`), JSON.stringify(secrets(iso(3))))
  writeFileSync(path.join(cache, `${cacheKey('stale')}.json`), JSON.stringify(secrets(iso(-2))))
  // Cut off mid-write: not JSON, secrets in plain text.
  writeFileSync(
    path.join(cache, `${cacheKey('broken')}.json`),
    `{"accessToken": "${CANARY.accessToken}", "refreshToken": "${CANARY.refreshToken}", "clientSecret": "${CANARY.clientSecret}", "expiresAt": "20`,
  )
  // A client registration next to the tokens (botocore keeps both in this folder).
  writeFileSync(
    path.join(cache, 'b3a1c0ffee0123456789abcdef0123456789abcd.json'),
    JSON.stringify({ clientId: CANARY.clientId, clientSecret: CANARY.clientSecret, expiresAt: iso(24 * 30) }),
  )
  return h
}

function tree(dir: string, skip?: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((d) => path.join(d.parentPath, d.name))
    .filter((p) => skip === undefined || !p.startsWith(skip))
}

const awsTree = (h: string) =>
  tree(path.join(h, '.aws'))
    .map((p) => `${p}:${lstatSync(p).size}:${lstatSync(p).mtimeMs}`)
    .sort()

/** Every canary found in the texts and in every file under HOME outside ~/.aws. */
function leaks(h: string, texts: string[]): string[] {
  const files = tree(h, path.join(h, '.aws')).filter((p) => lstatSync(p).isFile())
  const haystacks = [...texts.map((t, i) => [`output ${i}`, t] as const), ...files.map((f) => [f, readFileSync(f, 'utf8')] as const)]
  return haystacks.flatMap(([where, text]) => ALL.filter((c) => text.includes(c)).map((c) => `${c} in ${where}`))
}

describe('secrets never leave the files they are in', () => {
  const h = setup()
  const env = (extra: Record<string, string>) => ({
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: h,
    XDG_STATE_HOME: path.join(h, 'state'),
    XDG_CONFIG_HOME: path.join(h, 'xdg'),
    AWS_FAKE_LOG: path.join(h, 'aws-calls.log'),
    ...extra,
  })
  const PATHS = {
    success: { AWS_FAKE_STS: JSON.stringify({ '*': { mode: 'ok' } }) },
    failure: { AWS_FAKE_STS: JSON.stringify({ old: { mode: 'expired' }, '*': { mode: 'denied' } }) },
    'internal error': { AWS_SSO_TRAY_TEST_INTERNAL_ERROR: '1' },
  }
  const COMMANDS = [['status'], ['status', '--json'], ['check'], ['check', '--json'], ['doctor'], ['doctor', '--json']]

  it.each(Object.entries(PATHS))('%s path: status, check and doctor (text and --json) print and write no secret', (_name, extra) => {
    const before = awsTree(h)
    const texts: string[] = []
    const codes: (number | null)[] = []
    for (const args of COMMANDS) {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: env(extra), timeout: 60_000 })
      texts.push(r.stdout, r.stderr)
      codes.push(r.status)
    }
    expect(texts.join('').length).toBeGreaterThan(0)
    expect(codes.every((c) => c !== null)).toBe(true)
    expect(leaks(h, texts)).toEqual([])
    expect(awsTree(h)).toEqual(before)
  })

  it('the scan itself finds a planted canary (so an empty result means something)', () => {
    const plant = path.join(h, 'state', 'aws-sso-tray', 'planted.txt')
    mkdirSync(path.dirname(plant), { recursive: true })
    writeFileSync(plant, `x ${CANARY.clientSecret} y`)
    try {
      expect(leaks(h, [`a ${CANARY.accessToken}`])).toEqual([`${CANARY.accessToken} in output 0`, `${CANARY.clientSecret} in ${plant}`])
    } finally {
      rmSync(plant)
    }
  })
})
