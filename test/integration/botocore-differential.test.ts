// Differential test: over a corpus of tricky configs and token caches, our profile list, kinds,
// cache file names and token states must equal what botocore computes (test/oracle). Skips
// cleanly where Python's botocore is not installed.

import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFiles } from '../../src/adapters/files.ts'
import { loadProfiles, readTokens } from '../../src/aws/load-profiles.ts'
import { cacheKey } from '../../src/aws/token-cache.ts'
import { buildStatusReport } from '../../src/core/status-report.ts'

const hasBotocore = spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0
const NOW = Date.parse('2026-11-28T12:00:00Z')
const WARN_S = 15 * 60
const iso = (min: number) => new Date(NOW + min * 60_000).toISOString().replace('.000Z', 'Z')
const tok = (expiresAt: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ startUrl: 'u', region: 'us-east-1', accessToken: 'A', expiresAt, ...extra })
const refresh = { refreshToken: 'R', clientId: 'C', clientSecret: 'S', registrationExpiresAt: iso(60 * 24 * 60) }
const S = (name: string, url = `https://${name}.awsapps.com/start`) => `[sso-session ${name}]\nsso_start_url = ${url}\nsso_region = us-east-1\n`
const sp = (name: string, session: string) => `[profile ${name}]\nsso_session = ${session}\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
const lp = (name: string, url: string) => `[profile ${name}]\nsso_start_url = ${url}\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n`

interface Case { name: string; config: string | Uint8Array; credentials?: string; caches?: Record<string, string>; warnSeconds?: number }

const CASES: Case[] = [
  {
    name: 'kinds and states',
    config: S('corp') + sp('dev', 'corp') + sp('prod', 'corp') + lp('old', 'https://old.awsapps.com/start') +
      '[profile chain]\nrole_arn = arn:aws:iam::2:role/X\nsource_profile = dev\n[profile plain]\nregion = x\n[profile tokenonly]\nsso_session = corp\n',
    caches: { corp: tok(iso(120)), 'https://old.awsapps.com/start': tok(iso(-5)) },
  },
  {
    name: 'refresh rules',
    config: S('a') + S('b') + S('c') + S('d') + S('e') + sp('pa', 'a') + sp('pb', 'b') + sp('pc', 'c') + sp('pd', 'd') + sp('pe', 'e') +
      lp('legacy', 'https://l.awsapps.com/start'),
    caches: {
      a: tok(iso(-30), refresh),
      b: tok(iso(-30), { ...refresh, registrationExpiresAt: iso(-1) }),
      c: tok(iso(10), refresh),
      d: tok(iso(-30), { clientId: 'C', clientSecret: 'S', registrationExpiresAt: iso(600) }),
      e: tok(iso(16), refresh),
      'https://l.awsapps.com/start': tok(iso(-30), refresh),
    },
  },
  {
    // A 30-minute warning: refreshable tokens 20 minutes out are not "expiring" when botocore will
    // refresh them once its window opens (and are when the registration ends before that).
    name: 'warning window wider than the refresh window',
    warnSeconds: 30 * 60,
    config: S('r') + S('n') + S('k') + sp('pr', 'r') + sp('pn', 'n') + sp('pk', 'k') + lp('legacy', 'https://l.awsapps.com/start'),
    caches: {
      r: tok(iso(20), refresh),
      n: tok(iso(20), { ...refresh, registrationExpiresAt: iso(4) }),
      k: tok(iso(20), { clientId: 'C', clientSecret: 'S', registrationExpiresAt: iso(600) }),
      'https://l.awsapps.com/start': tok(iso(20), refresh),
    },
  },
  {
    name: 'timestamp forms and broken files',
    config: ['t1', 't2', 't3', 't4', 't5', 't6', 'c1', 'c2', 'c3', 'c4', 'c5'].map((n) => S(n) + sp(`p${n}`, n)).join(''),
    caches: {
      t1: tok(iso(120).replace('Z', 'UTC')),
      t2: tok(iso(10).replace('Z', '+00:00')),
      t3: tok(iso(120).replace('Z', '.123456Z')),
      t4: tok(iso(120).replace('Z', '')),
      t5: tok(1_900_000_000),
      t6: tok('garbage'),
      c1: '{not json',
      c2: '',
      c3: JSON.stringify({ expiresAt: iso(60) }),
      c4: '[]',
      c5: tok(iso(-1), { ...refresh, registrationExpiresAt: 'soon' }),
    },
  },
  {
    name: 'section names',
    config: S('s') + '[profile team.dev]\nsso_session = s\n[profile "my dev"]\nsso_session = s\n[profile a b c]\nsso_session = s\n' +
      '[profile "open]\nsso_session = s\n[profilefoo bar]\nsso_session = s\n[ profile x ]\nsso_session = s\n[profile x]y]\nsso_session = s\n' +
      '[profile dév]\nsso_session = s\n[default]\nregion = a\n[profile default]\nsso_session = s\n[profile  spaced]\nsso_session = s\n[sso-session "q s"]\nsso_start_url = u\nsso_region = r\n[profile q]\nsso_session = q s\n',
    credentials: '[credsonly]\naws_access_key_id = A\naws_secret_access_key = B\n[team.dev]\nregion = x\n[profile z]\nk = v\n',
    caches: { s: tok(iso(60)) },
  },
  {
    name: 'values kept verbatim',
    config: '[DEFAULT]\nsso_region = us-east-1\n' +
      '[profile hash]\nsso_start_url = https://h.awsapps.com/start#/\nSSO_ACCOUNT_ID = 1\nsso_role_name: R\n' +
      '[profile semi]\nsso_start_url = https://s.awsapps.com/start;x\nsso_account_id = 1\nsso_role_name = R\ns3 =\n  addressing_style = path\n',
    caches: { 'https://h.awsapps.com/start#/': tok(iso(90)), 'https://s.awsapps.com/start': tok(iso(90)) },
  },
  {
    name: 'misconfigured profiles',
    config: S('ok') + '[sso-session noregion]\nsso_start_url = u\n' +
      '[profile dangling]\nsso_session = ghost\nsso_account_id = 1\nsso_role_name = R\n' +
      '[profile noregion]\nsso_session = noregion\nsso_account_id = 1\nsso_role_name = R\n' +
      '[profile inconsistent]\nsso_session = ok\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n' +
      '[profile norole]\nsso_session = ok\nsso_account_id = 1\n' +
      '[profile legacynoregion]\nsso_start_url = https://x/\nsso_account_id = 1\nsso_role_name = R\n',
    caches: { ok: tok(iso(60)) },
  },
  {
    name: 'chains',
    config: S('c') + sp('root', 'c') +
      '[profile hop1]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = root\n[profile hop2]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = hop1\n' +
      '[profile loopa]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = loopb\n[profile loopb]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = loopa\n' +
      '[profile ghostsrc]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = nobody\n' +
      '[profile static]\naws_access_key_id = A\naws_secret_access_key = B\n[profile fromstatic]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = static\n' +
      '[profile self]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = self\naws_access_key_id = A\naws_secret_access_key = B\n',
    caches: { c: tok(iso(5)) },
  },
  { name: 'CRLF', config: (S('w') + sp('win', 'w')).replace(/\n/g, '\r\n'), caches: { w: tok(iso(60)) } },
  { name: 'duplicate section', config: S('d') + sp('p', 'd') + sp('p', 'd') },
  { name: 'duplicate key', config: S('d') + sp('p', 'd') + 'region = a\nregion = b\n' },
  { name: 'key before section', config: 'region = a\n' + S('d') },
  { name: 'line without delimiter', config: S('d') + 'nonsense\n' },
  { name: 'BOM', config: '\uFEFF' + S('d') + sp('p', 'd') },
  { name: 'non-UTF-8', config: new Uint8Array([...new TextEncoder().encode(S('d') + '[profile p]\nsso_session = d\nx = '), 0xff, 0x0a]) },
]

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-diff-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function materialise(c: Case, i: number) {
  const dir = path.join(root, String(i))
  const cacheDir = path.join(dir, 'cache')
  mkdirSync(cacheDir, { recursive: true })
  const configFile = path.join(dir, 'config')
  const credentialsFile = path.join(dir, 'credentials')
  writeFileSync(configFile, c.config)
  if (c.credentials !== undefined) writeFileSync(credentialsFile, c.credentials)
  for (const [key, text] of Object.entries(c.caches ?? {})) writeFileSync(path.join(cacheDir, `${cacheKey(key)}.json`), text)
  return { configFile, credentialsFile, cacheDir, now: NOW / 1000, warnSeconds: c.warnSeconds ?? WARN_S }
}

describe.skipIf(!hasBotocore)('agreement with botocore', () => {
  const inputs = CASES.map(materialise)
  type Oracle = { parseError: boolean; profiles?: string[]; results?: Record<string, { kind: string | null; state: string | null; cacheKey: string | null }> }
  const oracle = JSON.parse(
    execFileSync('python3', [path.join(import.meta.dirname, '../oracle/botocore_oracle.py')], { input: JSON.stringify(inputs), encoding: 'utf8' }),
  ) as Oracle[]

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const input = inputs[i]!
    const expected = oracle[i]!
    const files = createFiles()
    const loaded = await loadProfiles(files, input)
    expect(loaded.configErrors.length > 0, JSON.stringify(loaded.configErrors)).toBe(expected.parseError)
    if (expected.parseError) return
    const tokens = await readTokens(files, input.cacheDir, loaded.profiles)
    const report = buildStatusReport({ ...tokens, profiles: loaded.profiles, configErrors: [], now: NOW, thresholds: { warnMs: input.warnSeconds * 1000 } })
    expect(report.profiles.map((p) => p.name)).toEqual(expected.profiles)
    const ours = Object.fromEntries(
      report.profiles.map((p) => [p.name, { kind: p.kind, state: p.token?.state ?? null, cacheKey: p.token?.cacheFile ? path.basename(p.token.cacheFile, '.json') : null }]),
    )
    const theirs = Object.fromEntries(Object.entries(expected.results ?? {}).map(([n, r]) => [n, { kind: r.kind ?? 'chained', state: r.state, cacheKey: r.cacheKey }]))
    expect(ours).toEqual(theirs)
  })
})
