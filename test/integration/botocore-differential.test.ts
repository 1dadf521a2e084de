// Differential test: over a corpus of tricky configs and token caches, our profile list, kinds,
// cache file names and token states must equal what botocore computes (test/oracle), and where
// botocore refuses a config file, we must refuse it for the same reason. Needs python3 with pip's
// botocore 1.43 or later (Debian's python3-botocore is older than the rules we follow).

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFiles } from '../../src/adapters/files.ts'
import { loadProfiles, readTokens } from '../../src/aws/load-profiles.ts'
import { cacheKey } from '../../src/aws/token-cache.ts'
import { buildStatusReport, type ConfigProblem } from '../../src/core/status-report.ts'
import { hasPythonModule, program, requireOutside } from '../support/outside-tools.ts'

const MIN_BOTOCORE = [1, 43]
const ORACLE = path.join(import.meta.dirname, '../oracle/botocore_oracle.py')
const NOW = Date.parse('2026-11-28T12:00:00Z')
const WARN_S = 15 * 60
const iso = (min: number) => new Date(NOW + min * 60_000).toISOString().replace('.000Z', 'Z')
const isoS = (seconds: number) => new Date(NOW + seconds * 1000).toISOString().replace('.000Z', 'Z')
const tok = (expiresAt: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ startUrl: 'u', region: 'us-east-1', accessToken: 'A', expiresAt, ...extra })
const refresh = { refreshToken: 'R', clientId: 'C', clientSecret: 'S', registrationExpiresAt: iso(60 * 24 * 60) }
const S = (name: string, url = `https://${name}.awsapps.com/start`) => `[sso-session ${name}]\nsso_start_url = ${url}\nsso_region = us-east-1\n`
const sp = (name: string, session: string) => `[profile ${name}]\nsso_session = ${session}\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
const lp = (name: string, url: string) => `[profile ${name}]\nsso_start_url = ${url}\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n`

interface Case {
  name: string
  config: string | Uint8Array
  credentials?: string
  caches?: Record<string, string>
  warnSeconds?: number
}

const CASES: Case[] = [
  {
    name: 'kinds and states',
    config:
      S('corp') +
      sp('dev', 'corp') +
      sp('prod', 'corp') +
      lp('old', 'https://old.awsapps.com/start') +
      '[profile chain]\nrole_arn = arn:aws:iam::2:role/X\nsource_profile = dev\n[profile plain]\nregion = x\n[profile tokenonly]\nsso_session = corp\n',
    caches: { corp: tok(iso(120)), 'https://old.awsapps.com/start': tok(iso(-5)) },
  },
  {
    name: 'refresh rules',
    config:
      S('a') +
      S('b') +
      S('c') +
      S('d') +
      S('e') +
      sp('pa', 'a') +
      sp('pb', 'b') +
      sp('pc', 'c') +
      sp('pd', 'd') +
      sp('pe', 'e') +
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
    config:
      S('s') +
      '[profile team.dev]\nsso_session = s\n[profile "my dev"]\nsso_session = s\n[profile a b c]\nsso_session = s\n' +
      '[profile "open]\nsso_session = s\n[profilefoo bar]\nsso_session = s\n[ profile x ]\nsso_session = s\n[profile x]y]\nsso_session = s\n' +
      '[profile dév]\nsso_session = s\n[default]\nregion = a\n[profile default]\nsso_session = s\n[profile  spaced]\nsso_session = s\n[sso-session "q s"]\nsso_start_url = u\nsso_region = r\n[profile q]\nsso_session = q s\n',
    credentials: '[credsonly]\naws_access_key_id = A\naws_secret_access_key = B\n[team.dev]\nregion = x\n[profile z]\nk = v\n',
    caches: { s: tok(iso(60)) },
  },
  {
    name: 'values kept verbatim',
    config:
      '[DEFAULT]\nsso_region = us-east-1\n' +
      '[profile hash]\nsso_start_url = https://h.awsapps.com/start#/\nSSO_ACCOUNT_ID = 1\nsso_role_name: R\n' +
      '[profile semi]\nsso_start_url = https://s.awsapps.com/start;x\nsso_account_id = 1\nsso_role_name = R\ns3 =\n  addressing_style = path\n',
    caches: { 'https://h.awsapps.com/start#/': tok(iso(90)), 'https://s.awsapps.com/start': tok(iso(90)) },
  },
  {
    name: 'misconfigured profiles',
    config:
      S('ok') +
      '[sso-session noregion]\nsso_start_url = u\n' +
      '[profile dangling]\nsso_session = ghost\nsso_account_id = 1\nsso_role_name = R\n' +
      '[profile noregion]\nsso_session = noregion\nsso_account_id = 1\nsso_role_name = R\n' +
      '[profile inconsistent]\nsso_session = ok\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n' +
      '[profile norole]\nsso_session = ok\nsso_account_id = 1\n' +
      '[profile legacynoregion]\nsso_start_url = https://x/\nsso_account_id = 1\nsso_role_name = R\n',
    caches: { ok: tok(iso(60)) },
  },
  {
    name: 'chains',
    config:
      S('c') +
      sp('root', 'c') +
      '[profile hop1]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = root\n[profile hop2]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = hop1\n' +
      '[profile loopa]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = loopb\n[profile loopb]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = loopa\n' +
      '[profile ghostsrc]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = nobody\n' +
      '[profile static]\naws_access_key_id = A\naws_secret_access_key = B\n[profile fromstatic]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = static\n' +
      '[profile self]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = self\naws_access_key_id = A\naws_secret_access_key = B\n',
    caches: { c: tok(iso(5)) },
  },
  {
    // Both sides of each threshold, to the second, with the 15-minute warning (= the refresh window).
    name: 'thresholds to the second',
    config:
      ['w900', 'w899', 'w901', 'now', 'nowr', 'soon', 'regnow', 'reg1'].map((n) => S(n) + sp(`p${n}`, n)).join('') +
      lp('l900', 'https://l900.awsapps.com/start') +
      lp('l899', 'https://l899.awsapps.com/start') +
      lp('lnow', 'https://lnow.awsapps.com/start'),
    caches: {
      w900: tok(isoS(900), refresh), // exactly 15:00 left: botocore does not refresh yet
      w899: tok(isoS(899), refresh),
      w901: tok(isoS(901), refresh),
      now: tok(isoS(0)),
      nowr: tok(isoS(0), refresh),
      soon: tok(isoS(1)),
      regnow: tok(isoS(-60), { ...refresh, registrationExpiresAt: isoS(0) }),
      reg1: tok(isoS(-60), { ...refresh, registrationExpiresAt: isoS(1) }),
      'https://l900.awsapps.com/start': tok(isoS(900), refresh),
      'https://l899.awsapps.com/start': tok(isoS(899), refresh),
      'https://lnow.awsapps.com/start': tok(isoS(0), refresh),
    },
  },
  {
    // A 30-minute warning: where the registration ends around the moment the refresh window opens.
    name: 'thresholds to the second, 30-minute warning',
    warnSeconds: 30 * 60,
    config:
      ['r900', 'r899', 'x900', 'x1800', 'x1799'].map((n) => S(n) + sp(`p${n}`, n)).join('') +
      lp('l1800', 'https://l1800.awsapps.com/start') +
      lp('l1799', 'https://l1799.awsapps.com/start'),
    caches: {
      r900: tok(isoS(1200), { ...refresh, registrationExpiresAt: isoS(300) }), // ends as the window opens
      r899: tok(isoS(1200), { ...refresh, registrationExpiresAt: isoS(301) }),
      x900: tok(isoS(900), refresh),
      x1800: tok(isoS(1800)),
      x1799: tok(isoS(1799)),
      'https://l1800.awsapps.com/start': tok(isoS(1800)),
      'https://l1799.awsapps.com/start': tok(isoS(1799)),
    },
  },
  {
    // The cache file is the SHA-1 of the session name or start URL exactly as written: a
    // lower-cased or normalised key would read a neighbour's file (each has a different state).
    name: 'cache keys: names and URLs as written',
    config:
      S('MySSO') +
      S('mysso') +
      sp('upper', 'MySSO') +
      sp('lower', 'mysso') +
      sp('wrongcase', 'MYSSO') +
      lp('mixed', 'https://My-Portal.awsapps.com/start') +
      lp('plain', 'https://my-portal.awsapps.com/start') +
      lp('slash', 'https://my-portal.awsapps.com/start/') +
      lp('hash', 'https://my-portal.awsapps.com/start#/') +
      lp('slashhash', 'https://my-portal.awsapps.com/start/#/'),
    caches: {
      MySSO: tok(iso(120)),
      mysso: tok(iso(-5)),
      'https://My-Portal.awsapps.com/start': tok(iso(120)),
      'https://my-portal.awsapps.com/start': tok(iso(10)),
      'https://my-portal.awsapps.com/start/': tok(iso(-5)),
      'https://my-portal.awsapps.com/start/#/': '{not json',
    },
  },
  { name: 'CRLF', config: (S('w') + sp('win', 'w')).replace(/\n/g, '\r\n'), caches: { w: tok(iso(60)) } },
  { name: 'duplicate section', config: S('d') + sp('p', 'd') + sp('p', 'd') },
  { name: 'duplicate key', config: S('d') + sp('p', 'd') + 'region = a\nregion = b\n' },
  { name: 'key before section', config: 'region = a\n' + S('d') },
  { name: 'line without delimiter', config: S('d') + 'nonsense\n' },
  { name: 'BOM', config: '\uFEFF' + S('d') + sp('p', 'd') },
  { name: 'option without a name', config: S('d') + sp('p', 'd') + '= x\n' },
  { name: 'nested value line without =', config: S('d') + sp('p', 'd') + 's3 =\n  addressing_style = path\n  nonsense\n' },
  { name: 'duplicate section after a good one', config: sp('p', 'd') + S('d') + '[sso-session d]\nsso_region = eu-west-1\n' },
  { name: 'non-UTF-8', config: new Uint8Array([...new TextEncoder().encode(S('d') + '[profile p]\nsso_session = d\nx = '), 0xff, 0x0a]) },
]

// Our config problems, by the configparser error (or decode error) botocore raises for them.
const FAILURE_KINDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^duplicate section /, 'DuplicateSectionError'],
  [/^duplicate key /, 'DuplicateOptionError'],
  [/appears before any \[section\] header|byte-order mark/, 'MissingSectionHeaderError'],
  [/is not a "key = value" line|has no key before/, 'ParsingError'],
  [/not valid UTF-8/, 'UnicodeDecodeError'],
  [/^nested value of /, 'ValueError'],
]
const failureOf = (p: ConfigProblem) => ({ kind: FAILURE_KINDS.find(([re]) => re.test(p.message))?.[1] ?? `unknown: ${p.message}`, line: p.line })

interface Input {
  configFile: string
  credentialsFile: string
  cacheDir: string
  now: number
  warnSeconds: number
}
interface Failure {
  kind: string
  line: number | null
}
interface OracleCase {
  parseError: boolean
  failure?: Failure
  profiles?: string[]
  results?: Record<string, { kind: string | null; state: string | null; cacheKey: string | null }>
}

function materialise(root: string, c: Case, i: number): Input {
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

const ok = requireOutside('the botocore differential test', [
  program('python3'),
  { name: 'botocore (pip install "botocore>=1.43")', present: hasPythonModule('botocore') },
])

describe.skipIf(!ok)('agreement with botocore', () => {
  let root = ''
  let inputs: Input[] = []
  let oracle: { botocoreVersion: string; cases: OracleCase[] } = { botocoreVersion: '', cases: [] }

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-diff-'))
    inputs = CASES.map((c, i) => materialise(root, c, i))
    const run = spawnSync('python3', [ORACLE], { input: JSON.stringify(inputs), encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`the botocore oracle failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`)
    oracle = JSON.parse(run.stdout) as typeof oracle
  })
  afterAll(() => {
    if (root !== '') rmSync(root, { recursive: true, force: true })
  })

  it(`runs botocore ${MIN_BOTOCORE.join('.')} or later`, () => {
    const [major = 0, minor = 0] = oracle.botocoreVersion.split('.').map(Number)
    const [wantMajor = 0, wantMinor = 0] = MIN_BOTOCORE
    expect(
      major > wantMajor || (major === wantMajor && minor >= wantMinor),
      `botocore ${oracle.botocoreVersion} is too old (pip install "botocore>=1.43")`,
    ).toBe(true)
  })

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const input = inputs[i]!
    const expected = oracle.cases[i]!
    const files = createFiles()
    const loaded = await loadProfiles(files, input)
    expect(loaded.configErrors.length > 0, JSON.stringify(loaded.configErrors)).toBe(expected.parseError)
    if (expected.parseError) {
      // botocore stops at its first error; we list them all. Ours must include botocore's, at its line.
      const ours = loaded.configErrors.map(failureOf)
      const theirs = expected.failure!
      if (theirs.line === null) expect(ours.map((f) => f.kind)).toContain(theirs.kind)
      else expect(ours).toContainEqual(theirs)
      return
    }
    const tokens = await readTokens(files, input.cacheDir, loaded.profiles)
    const report = buildStatusReport({ ...tokens, profiles: loaded.profiles, configErrors: [], now: NOW, thresholds: { warnMs: input.warnSeconds * 1000 } })
    expect(report.profiles.map((p) => p.name)).toEqual(expected.profiles)
    const ours = Object.fromEntries(
      report.profiles.map((p) => [
        p.name,
        { kind: p.kind, state: p.token?.state ?? null, cacheKey: p.token?.cacheFile ? path.basename(p.token.cacheFile, '.json') : null },
      ]),
    )
    const theirs = Object.fromEntries(
      Object.entries(expected.results ?? {}).map(([n, r]) => [n, { kind: r.kind ?? 'chained', state: r.state, cacheKey: r.cacheKey }]),
    )
    expect(ours).toEqual(theirs)
  })
})
