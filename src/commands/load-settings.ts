import { resolveSettings, settingsFilePath, type Settings } from '../settings.ts'
import type { CommandContext } from './context.ts'

/** Settings from the environment plus our optional settings file. */
export async function loadSettings(ctx: Pick<CommandContext, 'env' | 'home' | 'files'>): Promise<Settings> {
  const bytes = await ctx.files.readBytes(settingsFilePath(ctx.env, ctx.home))
  return resolveSettings(ctx.env, ctx.home, bytes === undefined ? undefined : new TextDecoder().decode(bytes))
}
