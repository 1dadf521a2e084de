// The parse cache's rules, with an in-memory cache whose file stamps the test sets: a hit gives the
// same report as a fresh parse, and any change to any input's stamp, a young input, a change
// during the read or a config problem means a fresh parse and nothing kept.

import { describe, expect, it } from 'vitest'
import { loadProfiles, readTokens, type CachingFiles, type FileStamp, type ProfileCache, type ProfileCacheEntry } from '../../src/aws/load-profiles.ts'
import { cacheFileName } from '../../src/aws/token-cache.ts'
import { buildStatusReport } from '../../src/core/status-report.ts'
import { memoryFiles } from '../fakes/context.ts'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const CONFIG = '/h/.aws/config'
const CREDS = '/h/.aws/credentials'
const CACHE_DIR = '/h/.aws/sso/cache'
const tokenFile = (key: string) => `${CACHE_DIR}/${cacheFileName(key)}`
const SETTINGS = { configFile: CONFIG, credentialsFile: CREDS }

const session = (s: string) => `[sso-session ${s}]\nsso_start_url = https://${s}.awsapps.com/start\nsso_region = us-east-1\n\n`
const profile = (p: string, s: string) => `[profile ${p}]\nsso_session = ${s}\nsso_account_id = 111111111111\nsso_role_name = Admin\n\n`
const token = (hours: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    startUrl: 'https://x.awsapps.com/start',
    region: 'us-east-1',
    accessToken: 'secret-a',
    expiresAt: new Date(NOW + hours * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    ...extra,
  })

/** What the disk holds between runs: file contents, their stamps, and the saved entry. */
interface World {
  tree: Record<string, string>
  stamps: Map<string, FileStamp>
  saved: string | undefined
  writes: number
  /** Called between a file's read and the stamp taken after it (a writer racing the read). */
  duringRead?: (path: string) => void
}

let serial = 0
/** A new stamp for a file that changed at `changedMs` (default: long ago). */
function touch(w: World, path: string, content: string | undefined, changedMs = NOW - 60_000): void {
  if (content === undefined) {
    delete w.tree[path]
    w.stamps.set(path, { key: 'absent', changedMs: -Infinity })
  } else {
    w.tree[path] = content
    w.stamps.set(path, { key: `s${++serial}`, changedMs })
  }
}

function world(files: Record<string, string>): World {
  const w: World = { tree: {}, stamps: new Map(), saved: undefined, writes: 0 }
  for (const [p, c] of Object.entries(files)) touch(w, p, c)
  return w
}

/** One `status` run against the world, with or without the cache. */
async function run(w: World, cached = true): Promise<{ json: string; reads: string[] }> {
  const base = memoryFiles(w.tree)
  const reads = base.reads
  const cache: ProfileCache = {
    read: () => (w.saved === undefined ? undefined : (JSON.parse(w.saved) as ProfileCacheEntry)),
    write: (entry) => {
      w.saved = JSON.stringify(entry)
      w.writes++
    },
    stamp: (p) => w.stamps.get(p) ?? { key: 'absent', changedMs: -Infinity },
    now: () => NOW,
  }
  const files: CachingFiles = {
    readBytes: async (p) => {
      const bytes = await base.readBytes(p)
      w.duringRead?.(p)
      return bytes
    },
    ...(cached ? { profileCache: cache } : {}),
  }
  const loaded = await loadProfiles(files, SETTINGS)
  const reads0 = await readTokens(files, CACHE_DIR, loaded.profiles)
  const report = buildStatusReport({ profiles: loaded.profiles, ...reads0, configErrors: loaded.configErrors, now: NOW, thresholds: { warnMs: 900_000 } })
  return { json: JSON.stringify({ report, names: [...loaded.map.profiles.keys()] }), reads }
}

function typical(): World {
  let config = ''
  for (let s = 0; s < 3; s++) config += session(`s${s}`)
  for (let p = 0; p < 12; p++) config += profile(`p${p}`, `s${p % 3}`)
  config += '[profile plain]\nregion = eu-west-1\n'
  return world({
    [CONFIG]: config,
    [CREDS]: '[static]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret-b\n',
    [tokenFile('s0')]: token(5, { refreshToken: 'secret-r', clientId: 'c', clientSecret: 'secret-c', registrationExpiresAt: '2026-05-01T00:00:00Z' }),
    [tokenFile('s1')]: token(-1),
  })
}

describe('parse cache', () => {
  it('a hit gives the same report, byte for byte, and reads no file', async () => {
    const w = typical()
    touch(w, tokenFile('s2'), undefined)
    const fresh = await run(w, false)
    const first = await run(w)
    expect(first.json).toBe(fresh.json)
    expect(w.writes).toBe(1)
    const second = await run(w)
    expect(second.json).toBe(fresh.json)
    expect(second.reads).toEqual([])
    expect(w.writes).toBe(1) // nothing new to keep
  })

  it('odd token files give the same report from the cache (facts are kept as JSON)', async () => {
    const w = typical()
    touch(w, tokenFile('s0'), '{"accessToken": "secret-a", "expiresAt": -0, "registrationExpiresAt": {"a": [1, null]}}')
    touch(w, tokenFile('s1'), '{"accessToken": "secret-a", "expiresAt": 1772400000, "startUrl": 7}')
    touch(w, tokenFile('s2'), '[]')
    const fresh = await run(w, false)
    await run(w)
    const second = await run(w)
    expect(second.reads).toEqual([])
    expect(second.json).toBe(fresh.json)
  })

  it('keeps no secret: no token, refresh token, client secret or credentials value in the entry', async () => {
    const w = typical()
    await run(w)
    expect(w.saved).toBeDefined()
    expect(w.saved).not.toMatch(/secret-|AKIAEXAMPLE/)
  })

  it('a config whose stamp changed is parsed again (same size and times would still differ in ctime)', async () => {
    const w = typical()
    await run(w)
    touch(w, CONFIG, (w.tree[CONFIG] ?? '') + profile('added', 's0'))
    const after = await run(w)
    expect(after.reads).toContain(CONFIG)
    expect(after.json).toBe((await run(w, false)).json)
    expect(after.json).toContain('"added"')
  })

  it('a credentials file that appears is noticed', async () => {
    const w = typical()
    touch(w, CREDS, undefined)
    await run(w)
    touch(w, CREDS, '[from-credentials]\nregion = ap-south-1\n')
    const after = await run(w)
    expect(after.json).toBe((await run(w, false)).json)
    expect(after.json).toContain('"from-credentials"')
  })

  it('a token file that changed, appeared or went away is read again; the others are not', async () => {
    const w = typical()
    await run(w)
    touch(w, tokenFile('s1'), token(2))
    touch(w, tokenFile('s2'), token(3))
    touch(w, tokenFile('s0'), undefined)
    const after = await run(w)
    expect(after.reads.sort()).toEqual([tokenFile('s0'), tokenFile('s1'), tokenFile('s2')].sort())
    expect(after.json).toBe((await run(w, false)).json)
    const third = await run(w)
    expect(third.reads).toEqual([])
  })

  it('an input changed in the last 2 s is read but not kept', async () => {
    const w = typical()
    touch(w, CONFIG, w.tree[CONFIG], NOW - 1999)
    await run(w)
    expect(w.writes).toBe(0)
    touch(w, CONFIG, w.tree[CONFIG], NOW - 2000)
    await run(w)
    expect(w.writes).toBe(1)
    touch(w, tokenFile('s1'), token(4), NOW - 500)
    const r = await run(w)
    expect(r.reads).toEqual([tokenFile('s1')])
    const again = await run(w)
    expect(again.reads).toEqual([tokenFile('s1')]) // still young: read every time
  })

  it('a file that changes while it is read is not kept', async () => {
    const w = typical()
    w.duringRead = (p) => {
      if (p === CONFIG) touch(w, CONFIG, w.tree[CONFIG] + profile('racer', 's0'))
    }
    await run(w)
    expect(w.writes).toBe(0)
    w.duringRead = (p) => {
      if (p === tokenFile('s1')) touch(w, p, token(6))
    }
    await run(w)
    w.duringRead = undefined
    const r = await run(w)
    expect(r.reads).toEqual([tokenFile('s1')])
  })

  it('a file that cannot be stamped (stat failed) is never kept', async () => {
    const w = typical()
    await runWith(w, (p) => (p === CONFIG ? undefined : w.stamps.get(p)))
    expect(w.writes).toBe(0)
    await runWith(w, (p) => w.stamps.get(p) ?? { key: 'absent', changedMs: -Infinity })
    expect(w.writes).toBe(1)
  })

  it('a config with a problem (which may quote a line) is never kept', async () => {
    const w = typical()
    touch(w, CONFIG, w.tree[CONFIG] + 'secret-line-without-equals\n')
    await run(w)
    expect(w.writes).toBe(0)
    touch(w, CONFIG, session('s0') + '[profile bad]\nsso_session = s0\nsso_region = eu-west-1\n')
    await run(w)
    expect(w.writes).toBe(0) // "inconsistent between profile and sso-session" quotes values
  })

  it('another cache folder for tokens starts the token part afresh', async () => {
    const w = typical()
    await run(w)
    const other = '/elsewhere'
    const base = memoryFiles({ ...w.tree, [`${other}/${cacheFileName('s1')}`]: token(8) })
    const cache: ProfileCache = {
      read: () => JSON.parse(w.saved ?? 'null') as ProfileCacheEntry,
      write: (e) => void (w.saved = JSON.stringify(e)),
      stamp: (p) => w.stamps.get(p) ?? { key: 'absent', changedMs: -Infinity },
      now: () => NOW,
    }
    const files: CachingFiles = { ...base, profileCache: cache }
    const loaded = await loadProfiles(files, SETTINGS)
    const { tokens, cacheFiles } = await readTokens(files, other, loaded.profiles)
    expect(cacheFiles.get('s1')).toBe(`${other}/${cacheFileName('s1')}`)
    expect(tokens.get('s1')).toMatchObject({ status: 'read' })
    expect(tokens.get('s0')).toEqual({ status: 'missing' })
  })
})

/** A run where stamp() answers through `stamp` (undefined: the file cannot be stamped). */
async function runWith(w: World, stamp: (p: string) => FileStamp | undefined): Promise<string> {
  const cache: ProfileCache = {
    read: () => undefined,
    write: () => void w.writes++,
    stamp,
    now: () => NOW,
  }
  const files: CachingFiles = { ...memoryFiles(w.tree), profileCache: cache }
  const loaded = await loadProfiles(files, SETTINGS)
  const reads = await readTokens(files, CACHE_DIR, loaded.profiles)
  return JSON.stringify(
    buildStatusReport({ profiles: loaded.profiles, ...reads, configErrors: loaded.configErrors, now: NOW, thresholds: { warnMs: 900_000 } }),
  )
}
