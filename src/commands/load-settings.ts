import { resolveSettings, settingsFilePath, type Settings } from '../settings.ts'
import type { CommandContext } from './context.ts'

/** Settings from the environment plus our optional settings file. */
export async function loadSettings(ctx: Pick<CommandContext, 'env' | 'home' | 'files'>): Promise<Settings> {
  const bytes = await ctx.files.readBytes(settingsFilePath(ctx.env, ctx.home))
  if (bytes === undefined) return resolveSettings(ctx.env, ctx.home)
  // Our own file, flat keys: `ini` fits here (unlike AWS config). Loaded only when the file exists.
  const { parse } = await import('ini')
  return resolveSettings(ctx.env, ctx.home, parse(new TextDecoder().decode(bytes)))
}
