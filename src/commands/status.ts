import { loadProfiles, readTokens } from '../aws/load-profiles.ts'
import { buildStatusReport, statusExitCode } from '../core/status-report.ts'
import { assertKnownProfiles } from './profile-selection.ts'
import { renderStatusTable } from '../render/status-table.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'

export interface StatusOptions {
  json: boolean
  names: readonly string[]
}

/** `status`: exit 0 when every selected SSO profile is usable, 1 when one needs a login. */
export async function runStatus(ctx: CommandContext, opts: StatusOptions): Promise<number> {
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  assertKnownProfiles(loaded.map, opts.names)
  const selected = opts.names.length === 0 ? loaded.profiles : loaded.profiles.filter((p) => opts.names.includes(p.name))
  const { tokens, cacheFiles } = await readTokens(ctx.files, settings.cacheDir, selected)
  const now = ctx.clock.now()
  const report = buildStatusReport({
    profiles: selected,
    tokens,
    cacheFiles,
    configErrors: loaded.configErrors,
    now,
    thresholds: { warnMs: settings.warnMs },
  })
  // Pretty JSON for people, one compact line for pipes (scripts and agents parse it either way).
  ctx.out.stdout(opts.json ? JSON.stringify(report, null, ctx.out.isTTY ? 2 : undefined) + '\n' : renderStatusTable(report, now, ctx.out.isTTY && !ctx.env.NO_COLOR))
  return statusExitCode(report)
}
