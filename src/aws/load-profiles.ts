// Reads the AWS config and credentials files through the Files port and resolves profiles.
// A missing file is normal (empty). An unparseable one is reported, and what can be read is kept.

import type { ConfigProblem } from '../core/status-report.ts'
import type { Profile, TokenInput } from '../core/types.ts'
import type { Files } from '../ports.ts'
import type { Settings } from '../settings.ts'
import { decodeConfigBytes, parseConfigText, type ParsedConfig } from './config-parse.ts'
import { buildProfileMap, type ProfileMap } from './profile-map.ts'
import { resolveProfiles } from './profiles.ts'
import { cacheFileName, parseTokenFile } from './token-cache.ts'
import path from 'node:path'

export interface LoadedProfiles {
  map: ProfileMap
  profiles: Profile[]
  configErrors: ConfigProblem[]
}

export async function loadProfiles(files: Files, settings: Pick<Settings, 'configFile' | 'credentialsFile'>): Promise<LoadedProfiles> {
  const [config, credentials] = await Promise.all([
    readConfig(files, settings.configFile),
    readConfig(files, settings.credentialsFile),
  ])
  const map = buildProfileMap(config, credentials)
  return { map, profiles: resolveProfiles(map), configErrors: [...config.fatal, ...credentials.fatal] }
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
export async function readTokens(files: Files, cacheDir: string, profiles: readonly Profile[]): Promise<TokenReads> {
  const keys = [...new Set(profiles.flatMap((p) => (p.tokenKey === null ? [] : [p.tokenKey])))]
  const cacheFiles = new Map(keys.map((k) => [k, path.join(cacheDir, cacheFileName(k))]))
  const entries = await Promise.all(
    keys.map(async (k): Promise<[string, TokenInput]> => {
      const file = cacheFiles.get(k) ?? ''
      try {
        const bytes = await files.readBytes(file)
        return [k, parseTokenFile(bytes === undefined ? undefined : new TextDecoder().decode(bytes))]
      } catch (error) {
        return [k, { status: 'unreadable', reason: error instanceof Error ? error.message : String(error) }]
      }
    }),
  )
  return { tokens: new Map(entries), cacheFiles }
}
