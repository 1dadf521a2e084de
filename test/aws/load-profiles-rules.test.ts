// loadProfiles and readTokens rule by rule: files that are missing, start with a BOM or cannot be
// read; each token read once with its profile's kind; and the parse cache's bookkeeping across
// calls on one cache (the tray keeps one for its whole life), swapped paths and failed stamps.

import { describe, expect, it } from 'vitest'
import { loadProfiles, readTokens, type CachingFiles, type FileStamp, type ProfileCache, type ProfileCacheEntry } from '../../src/aws/load-profiles.ts'
import { cacheFileName } from '../../src/aws/token-cache.ts'
import type { Profile } from '../../src/core/types.ts'
import { memoryFiles } from '../fakes/context.ts'

const NOW = Date.parse('2026-03-01T12:00:00Z')
const CONFIG = '/h/.aws/config'
const CREDS = '/h/.aws/credentials'
const DIR = '/h/.aws/sso/cache'
const SETTINGS = { configFile: CONFIG, credentialsFile: CREDS }
const tokenFile = (key: string) => `${DIR}/${cacheFileName(key)}`
const TOKEN = JSON.stringify({ accessToken: 'a', expiresAt: '2026-03-01T18:00:00Z', refreshToken: 'r', clientId: 'c', clientSecret: 's' })
const SSO = '[sso-session s]\nsso_start_url = https://s.awsapps.com/start\nsso_region = us-east-1\n[profile p]\nsso_session = s\n'

/** A disk whose files and stamps the test sets, and a cache over it that counts what it does. */
function disk(files: Record<string, string>) {
  const tree: Record<string, string> = { ...files }
  const stamps = new Map<string, FileStamp | undefined>()
  let serial = 0
  const touch = (p: string, content: string) => {
    tree[p] = content
    stamps.set(p, { key: `k${++serial}`, changedMs: NOW - 60_000 })
  }
  for (const [p, c] of Object.entries(files)) touch(p, c)
  const written: ProfileCacheEntry[] = []
  let entry: string | undefined
  let stamp = (p: string): FileStamp | undefined => (stamps.has(p) ? stamps.get(p) : { key: 'absent', changedMs: -Infinity })
  const newCache = (): ProfileCache => ({
    read: () => (entry === undefined ? undefined : (JSON.parse(entry) as ProfileCacheEntry)),
    write: (e) => {
      entry = JSON.stringify(e)
      written.push(JSON.parse(entry) as ProfileCacheEntry)
    },
    stamp: (p) => stamp(p),
    now: () => NOW,
  })
  const mem = memoryFiles(tree)
  const filesWith = (cache: ProfileCache | undefined): CachingFiles => ({ readBytes: (p) => mem.readBytes(p), ...(cache ? { profileCache: cache } : {}) })
  return {
    tree,
    touch,
    written,
    reads: mem.reads,
    newCache,
    filesWith,
    setStamp: (f: (p: string, plain: (p: string) => FileStamp | undefined) => FileStamp | undefined) => {
      const plain = stamp
      stamp = (p) => f(p, plain)
    },
  }
}

async function statusRun(d: ReturnType<typeof disk>, cache: ProfileCache, settings = SETTINGS) {
  const files = d.filesWith(cache)
  const loaded = await loadProfiles(files, settings)
  const tokens = await readTokens(files, DIR, loaded.profiles)
  return { loaded, tokens }
}

describe('reading the files', () => {
  it('missing config and credentials files are no problem and no profile', async () => {
    const r = await loadProfiles(memoryFiles({}), SETTINGS)
    expect(r.configErrors).toEqual([])
    expect(r.profiles).toEqual([])
  })

  it('a config that starts with a byte-order mark: one problem at line 1, and the rest is read', async () => {
    const r = await loadProfiles(memoryFiles({ [CONFIG]: '\uFEFF[default]\nregion = eu-west-1\n' }), SETTINGS)
    expect(r.configErrors).toEqual([{ file: CONFIG, line: 1, message: 'the file starts with a UTF-8 byte-order mark (save it as UTF-8 without BOM)' }])
    expect(r.profiles.map((p) => [p.name, p.region])).toEqual([['default', 'eu-west-1']])
  })

  it('a byte-order mark elsewhere in the file is no such problem', async () => {
    const r = await loadProfiles(memoryFiles({ [CONFIG]: '[default]\nregion = eu-west-1\n# \uFEFF' }), SETTINGS)
    expect(r.configErrors).toEqual([])
  })

  it('a bad byte and a BOM: both problems, the decoding one first', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('[default]\nregion = '), 0xff, 0x0a])
    const r = await loadProfiles({ readBytes: (p) => Promise.resolve(p === CONFIG ? bytes : undefined) }, SETTINGS)
    expect(r.configErrors).toEqual([
      { file: CONFIG, line: 2, message: 'the file is not valid UTF-8' },
      { file: CONFIG, line: 1, message: 'the file starts with a UTF-8 byte-order mark (save it as UTF-8 without BOM)' },
    ])
  })
})

describe('readTokens', () => {
  const profile = (name: string, tokenKey: string | null, tokenKind: Profile['tokenKind']): Profile => ({
    name,
    kind: tokenKind === 'legacy-sso' ? 'legacy-sso' : tokenKind === 'sso-session' ? 'sso-session' : 'other',
    ssoSession: null,
    startUrl: null,
    ssoRegion: null,
    accountId: null,
    roleName: null,
    region: null,
    sourceProfile: null,
    tokenKey,
    tokenKind,
    configError: null,
  })

  it('reads each token once, in the profiles’ order, with the kind of the last profile that names it; profiles without a token read nothing', async () => {
    const files = memoryFiles({ [tokenFile('s')]: TOKEN })
    const r = await readTokens(files, DIR, [
      profile('a', 's', 'legacy-sso'),
      profile('x', null, null),
      profile('b', 'u', 'legacy-sso'),
      profile('c', 's', 'sso-session'),
    ])
    expect([...r.tokens.keys()]).toEqual(['s', 'u'])
    expect([...r.cacheFiles.entries()]).toEqual([
      ['s', tokenFile('s')],
      ['u', tokenFile('u')],
    ])
    expect(files.reads.sort()).toEqual([tokenFile('s'), tokenFile('u')].sort())
    const s = r.tokens.get('s')
    expect(s?.status === 'read' && s.facts.refreshTag).toMatch(/^[0-9a-f]{8}$/)
    expect(r.tokens.get('u')).toEqual({ status: 'missing' })
  })

  it('a token file that cannot be read is unreadable with the reason, never a crash', async () => {
    const failing: CachingFiles = {
      // A thrown value that is no Error (String() of it is the reason).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      readBytes: (p) => (p.endsWith(cacheFileName('s')) ? Promise.reject(new Error('EACCES: permission denied')) : Promise.reject('EIO')),
    }
    const r = await readTokens(failing, DIR, [profile('a', 's', 'sso-session'), profile('b', 'u', 'sso-session')])
    expect(r.tokens.get('s')).toEqual({ status: 'unreadable', reason: 'EACCES: permission denied' })
    expect(r.tokens.get('u')).toEqual({ status: 'unreadable', reason: 'EIO' })
  })

  it('takes nothing from a saved entry before loadProfiles has vouched for it in this run', async () => {
    const d = disk({ [CONFIG]: SSO, [tokenFile('s')]: TOKEN })
    await statusRun(d, d.newCache())
    expect(d.written).toHaveLength(1)
    const fresh = d.newCache()
    d.reads.length = 0
    const files = d.filesWith(fresh)
    const r = await readTokens(files, DIR, [profile('p', 's', 'sso-session')])
    expect(d.reads).toEqual([tokenFile('s')])
    expect(r.tokens.get('s')).toMatchObject({ status: 'read' })
  })
})

describe('parse cache bookkeeping', () => {
  it('a config without any token is still kept', async () => {
    const d = disk({ [CONFIG]: '[profile plain]\nregion = eu-west-1\n' })
    await statusRun(d, d.newCache())
    expect(d.written).toHaveLength(1)
    d.reads.length = 0
    const again = await statusRun(d, d.newCache())
    expect(d.reads).toEqual([])
    expect(again.loaded.profiles.map((p) => p.name)).toEqual(['plain'])
  })

  it('one cache over several runs: writes only what changed, and once', async () => {
    const d = disk({ [CONFIG]: SSO, [tokenFile('s')]: TOKEN })
    const cache = d.newCache()
    await statusRun(d, cache)
    await statusRun(d, cache)
    expect(d.written).toHaveLength(1)
    d.touch(tokenFile('s'), TOKEN.replace('18:00', '19:00'))
    await statusRun(d, cache)
    await statusRun(d, cache)
    expect(d.written).toHaveLength(2)
    expect(d.written[1]?.tokens.s?.stamp).not.toBe(d.written[0]?.tokens.s?.stamp)
  })

  it('one cache: a config that gains a problem is read afresh, and its tokens are neither taken from nor put into the entry', async () => {
    const d = disk({ [CONFIG]: SSO, [tokenFile('s')]: TOKEN })
    const cache = d.newCache()
    await statusRun(d, cache)
    expect(d.written).toHaveLength(1)
    d.touch(CONFIG, `${SSO}no delimiter here\n`)
    d.touch(tokenFile('s'), TOKEN.replace('18:00', '19:00'))
    d.reads.length = 0
    const r = await statusRun(d, cache)
    expect(r.loaded.configErrors).toHaveLength(1)
    expect(d.reads.sort()).toEqual([CONFIG, CREDS, tokenFile('s')].sort())
    expect(d.written).toHaveLength(1)
  })

  it.each([
    ['swapped', { configFile: CREDS, credentialsFile: CONFIG }],
    ['the config twice', { configFile: CONFIG, credentialsFile: CONFIG }],
    ['the credentials twice', { configFile: CREDS, credentialsFile: CREDS }],
  ])('config and credentials paths changed (%s): the entry saved for the others is not taken', async (_name, settings) => {
    const d = disk({ [CONFIG]: SSO, [CREDS]: '[other]\naws_access_key_id = K\n' })
    const first = await statusRun(d, d.newCache())
    expect(d.written).toHaveLength(1)
    const changed = await statusRun(d, d.newCache(), settings)
    expect(changed.loaded).toEqual(await loadProfiles(memoryFiles(d.tree), settings))
    expect(changed.loaded.profiles).not.toEqual(first.loaded.profiles)
  })

  it('a file that cannot be stamped now is read afresh though an entry exists', async () => {
    const d = disk({ [CONFIG]: SSO, [tokenFile('s')]: TOKEN })
    await statusRun(d, d.newCache())
    d.setStamp((p, plain) => (p === CONFIG ? undefined : plain(p)))
    d.reads.length = 0
    await statusRun(d, d.newCache())
    expect(d.reads).toContain(CONFIG)
  })

  it('a file stamped on only one side of its read (gone, or not yet readable) is not kept', async () => {
    const d = disk({ [CONFIG]: SSO, [tokenFile('s')]: TOKEN })
    let calls = 0
    d.setStamp((p, plain) => (p === CONFIG && ++calls > 1 ? undefined : plain(p)))
    await statusRun(d, d.newCache())
    expect(d.written).toHaveLength(0)

    const late = disk({ [CONFIG]: SSO, [tokenFile('s')]: TOKEN })
    let lateCalls = 0
    late.setStamp((p, plain) => (p === CONFIG && ++lateCalls === 1 ? undefined : plain(p)))
    await statusRun(late, late.newCache())
    expect(late.written).toHaveLength(0)

    const t = disk({ [CONFIG]: SSO, [tokenFile('s')]: TOKEN })
    await statusRun(t, t.newCache())
    t.touch(tokenFile('s'), TOKEN.replace('18:00', '20:00'))
    let tokenCalls = 0
    t.setStamp((p, plain) => (p === tokenFile('s') && ++tokenCalls > 1 ? undefined : plain(p)))
    const r = await statusRun(t, t.newCache())
    expect(r.tokens.tokens.get('s')).toMatchObject({ status: 'read' })
    expect(t.written).toHaveLength(1)
  })
})
