// Reads the AWS config and credentials files through the Files port and resolves profiles.
// A missing file is normal (empty). An unparseable one is reported, and what can be read is kept.

import type { ConfigProblem } from '../core/status-report.ts'
import type { Profile, TokenInput, TokenKind } from '../core/types.ts'
import type { Files } from '../ports.ts'
import type { Settings } from '../settings.ts'
import { decodeConfigBytes, parseConfigText, type ParsedConfig, type Section } from './config-parse.ts'
import { buildProfileMap, type ProfileMap } from './profile-map.ts'
import { resolveProfiles } from './profiles.ts'
import { cacheFileName, parseTokenFile } from './token-cache.ts'
import path from 'node:path'

export interface LoadedProfiles {
  map: ProfileMap
  profiles: Profile[]
  configErrors: ConfigProblem[]
}

export async function loadProfiles(files: CachingFiles, settings: Pick<Settings, 'configFile' | 'credentialsFile'>): Promise<LoadedProfiles> {
  const cache = files.profileCache
  if (!cache) return loadUncached(files, settings)
  const run = runState(cache)
  const inputs = [settings.configFile, settings.credentialsFile]
  const saved = run.entry
  if (
    saved &&
    saved.configFile === settings.configFile &&
    saved.credentialsFile === settings.credentialsFile &&
    inputs.every((f) => saved.inputs[f] === cache.stamp(f)?.key)
  ) {
    run.profilesKept = true
    return fromEntry(saved)
  }
  // Stamped before the read and again after it: a file that changed in between is not cached.
  const before = inputs.map((f) => cache.stamp(f))
  const loaded = await loadUncached(files, settings)
  const after = inputs.map((f) => cache.stamp(f))
  // Problems can quote the files' lines and values (a secret among them): those runs are not cached.
  const clean = loaded.configErrors.length === 0 && loaded.profiles.every((p) => p.configError === null)
  if (clean && inputs.every((_, i) => settled(cache, before[i], after[i]))) {
    run.entry = {
      configFile: settings.configFile,
      credentialsFile: settings.credentialsFile,
      inputs: Object.fromEntries(inputs.map((f, i) => [f, before[i]?.key ?? ''])),
      profiles: loaded.profiles,
      cacheDir: '',
      tokens: {},
    }
    run.profilesKept = true
    run.dirty = true
  } else {
    run.profilesKept = false
  }
  return loaded
}

async function loadUncached(files: Files, settings: Pick<Settings, 'configFile' | 'credentialsFile'>): Promise<LoadedProfiles> {
  const [config, credentials] = await Promise.all([readConfig(files, settings.configFile), readConfig(files, settings.credentialsFile)])
  const map = buildProfileMap(config, credentials)
  return { map, profiles: resolveProfiles(map), configErrors: [...config.fatal, ...credentials.fatal] }
}

const NO_KEYS: Section = Object.freeze({})

/**
 * A saved entry as loadProfiles' result. Its map carries the profile names only (no keys: those
 * are not saved), made when first asked for (`status` naming profiles): a map of 1,000 names
 * cost ~0.1 ms and 80 KB on every run.
 */
function fromEntry(entry: ProfileCacheEntry): LoadedProfiles {
  let map: ProfileMap | undefined
  return {
    get map() {
      if (!map) {
        const sections = new Map<string, Section>()
        for (const p of entry.profiles) sections.set(p.name, NO_KEYS)
        map = { profiles: sections, ssoSessions: new Map() }
      }
      return map
    },
    profiles: entry.profiles,
    configErrors: [],
  }
}

async function readConfig(files: Files, file: string): Promise<ParsedConfig> {
  const bytes = await files.readBytes(file)
  if (bytes === undefined) return { sections: new Map(), fatal: [] }
  const decoded = decodeConfigBytes(bytes, file)
  // Python reads a BOM as a character, so the first header is not one and the CLI refuses the
  // file. Report that, then read past the BOM so the rest can still be shown.
  const bom = decoded.text.startsWith('\uFEFF')
  const parsed = parseConfigText(bom ? decoded.text.slice(1) : decoded.text, file)
  if (bom) parsed.fatal.unshift({ file, line: 1, message: 'the file starts with a UTF-8 byte-order mark (save it as UTF-8 without BOM)' })
  return { sections: parsed.sections, fatal: [...decoded.fatal, ...parsed.fatal] }
}

export interface TokenReads {
  tokens: Map<string, TokenInput>
  cacheFiles: Map<string, string>
}

/** Reads each distinct token's cache file once, however many profiles share it. */
export async function readTokens(files: CachingFiles, cacheDir: string, profiles: readonly Profile[]): Promise<TokenReads> {
  // Plain loops and one promise per file actually read: this runs over every profile (1,000) on
  // each `status`, cached or not, unoptimised (a for-of makes an object per profile there). A
  // token's kind is the last profile's that names it.
  const kinds = new Map<string, TokenKind | null>()
  for (let i = 0; i < profiles.length; i++) {
    const p = profiles[i] as Profile
    if (p.tokenKey !== null) kinds.set(p.tokenKey, p.tokenKind)
  }
  const keys = [...kinds.keys()]
  const cache = files.profileCache
  const run = cache && runState(cache)
  const saved = run?.profilesKept && run.entry ? run.entry : undefined
  if (saved && saved.cacheDir !== cacheDir) {
    saved.cacheDir = cacheDir
    saved.tokens = {}
  }
  const cacheFiles = new Map(keys.map((k) => [k, saved?.tokens[k]?.file ?? path.join(cacheDir, cacheFileName(k))]))
  const tokens = new Map<string, TokenInput>()
  const reads: Promise<void>[] = []
  for (const k of keys) {
    const file = cacheFiles.get(k) ?? ''
    const kind = kinds.get(k) ?? null
    tokens.set(k, { status: 'missing' }) // holds the key's place: the map keeps the profiles' order
    if (!cache || !saved) {
      reads.push(readToken(files, file, kind).then((input) => void tokens.set(k, input)))
      continue
    }
    const before = cache.stamp(file)
    const kept = saved.tokens[k]
    if (kept && before && kept.stamp === before.key) {
      tokens.set(k, kept.input)
      continue
    }
    reads.push(
      readToken(files, file, kind).then((input) => {
        tokens.set(k, input)
        if (before && settled(cache, before, cache.stamp(file))) {
          saved.tokens[k] = { file, stamp: before.key, input }
          if (run) run.dirty = true
        }
      }),
    )
  }
  await Promise.all(reads)
  if (cache && run && saved && run.dirty) {
    cache.write(saved)
    run.dirty = false
  }
  return { tokens, cacheFiles }
}

// One decoder for every token file (decode() without streaming keeps no state between calls),
// made on the first read: a run that finds every token in the parse cache needs none (~0.1 ms).
let utf8: InstanceType<typeof TextDecoder> | undefined

async function readToken(files: Files, file: string, kind: TokenKind | null): Promise<TokenInput> {
  try {
    const bytes = await files.readBytes(file)
    return parseTokenFile(bytes === undefined ? undefined : (utf8 ??= new TextDecoder()).decode(bytes), kind)
  } catch (error) {
    return { status: 'unreadable', reason: error instanceof Error ? error.message : String(error) }
  }
}

// The parse cache for `status` (issue 11). It may never be stale: every input (config,
// credentials, each token file read) is stamped by device, inode, size, mtime and ctime in
// nanoseconds; a result is kept only when its files' stamps are the same before and after the
// read, and when no input changed in the last 2 s (a write within one timestamp tick of the read
// could otherwise leave the stamp unchanged).

/** A file's identity and times (`key`), and when it last changed; undefined: cannot tell (not cached). */
export interface FileStamp {
  /** dev:ino:size:mtimeNs:ctimeNs, or 'absent' for a file that does not exist. */
  key: string
  /** The later of mtime and ctime, in ms since the epoch; -Infinity when absent. */
  changedMs: number
}

export interface ProfileCacheEntry {
  configFile: string
  credentialsFile: string
  /** Path → stamp of the config and credentials files. */
  inputs: Record<string, string>
  profiles: Profile[]
  cacheDir: string
  /** Token key → its cache file, that file's stamp and what it held. */
  tokens: Record<string, { file: string; stamp: string; input: TokenInput }>
}

export interface ProfileCache {
  /** The entry an earlier run saved (for this version of the app), or undefined. Read once. */
  read(): ProfileCacheEntry | undefined
  /** Saves the entry for later runs. Failures are ignored (the cache is only a speed-up). */
  write(entry: ProfileCacheEntry): void
  stamp(file: string): FileStamp | undefined
  now(): number
}

/** Files that may carry the parse cache; the composition root adds one for `status` only. */
export type CachingFiles = Files & { profileCache?: ProfileCache }

const QUIET_MS = 2000

interface RunState {
  entry: ProfileCacheEntry | undefined
  /** The entry's profiles are this run's (a hit, or a fresh result that may be saved). */
  profilesKept: boolean
  dirty: boolean
}

const runs = new WeakMap<ProfileCache, RunState>()

function runState(cache: ProfileCache): RunState {
  let run = runs.get(cache)
  if (!run) runs.set(cache, (run = { entry: cache.read(), profilesKept: false, dirty: false }))
  return run
}

function settled(cache: ProfileCache, before: FileStamp | undefined, after: FileStamp | undefined): boolean {
  return before !== undefined && after !== undefined && before.key === after.key && cache.now() - before.changedMs >= QUIET_MS
}
