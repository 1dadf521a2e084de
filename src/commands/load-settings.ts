import { resolveSettings, settingLines, settingsFilePath, type Settings } from '../settings.ts'
import type { CommandContext } from './context.ts'

/** Settings from the environment plus our optional settings file. */
export async function loadSettings(ctx: Pick<CommandContext, 'env' | 'home' | 'files'>): Promise<Settings> {
  const file = settingsFilePath(ctx.env, ctx.home)
  const bytes = await ctx.files.readBytes(file)
  if (bytes === undefined) return resolveSettings(ctx.env, ctx.home)
  // Our own file, flat keys: `ini` fits here (unlike AWS config). Loaded only when the file exists.
  // ini keeps no line numbers, so a second pass finds each key's line for warnings.
  const { parse } = await import('ini')
  const text = new TextDecoder().decode(bytes)
  return resolveSettings(ctx.env, ctx.home, parse(text), { path: file, lines: settingLines(text) })
}
