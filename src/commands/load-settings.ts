import { resolveSettings, settingLines, settingsFilePath, type Settings } from '../settings.ts'
import type { CommandContext } from './context.ts'

/** Settings from the environment plus our optional settings file. */
export async function loadSettings(ctx: Pick<CommandContext, 'env' | 'home' | 'files'>): Promise<Settings> {
  return (await loadSettingsFile(ctx)).settings
}

/** The settings, and the file as `ini` read it (what applies) with each key's line. */
export async function loadSettingsFile(ctx: Pick<CommandContext, 'env' | 'home' | 'files'>): Promise<{
  settings: Settings
  path: string
  file: Record<string, unknown> | null
  lines: ReadonlyMap<string, number>
}> {
  const path = settingsFilePath(ctx.env, ctx.home)
  const bytes = await ctx.files.readBytes(path)
  if (bytes === undefined) return { settings: resolveSettings(ctx.env, ctx.home), path, file: null, lines: new Map() }
  // Our own file, flat keys: `ini` fits here (unlike AWS config). Loaded only when the file exists.
  // ini keeps no line numbers, so a second pass finds each key's line for warnings.
  const { parse } = await import('ini')
  const text = new TextDecoder().decode(bytes)
  const file = parse(text)
  const lines = settingLines(text)
  return { settings: resolveSettings(ctx.env, ctx.home, file, { path, lines }), path, file, lines }
}
