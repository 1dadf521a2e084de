import { readSessionBook, stateDir } from '../adapters/state-store.ts'
import { loadProfiles, readTokens } from '../aws/load-profiles.ts'
import { isHidden } from '../core/hidden.ts'
import { NO_SESSION, sessionFieldsFor, type SessionBook, type SessionFields } from '../core/session-book.ts'
import { isFilterEmpty, parseStatusFilter, passesFilter, type StatusFilter } from '../core/status-filter.ts'
import { statusLine } from '../core/status-line.ts'
import { buildStatusReport, statusExitCode, type StatusReport } from '../core/status-report.ts'
import { buildTokenGroups } from '../core/token-groups.ts'
import { UsageError } from '../errors.ts'
import { assertKnownProfiles } from './profile-selection.ts'
import type { Profile, TokenInput } from '../core/types.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'

const HINT = 'run aws-sso-tray status --help for its options'
// Without filter options there is nothing to check them against (a pass over every profile).
const NO_FILTER: StatusFilter = { sessions: [], states: [], accounts: [] }

export interface StatusOptions {
  json: boolean
  names: readonly string[]
  /** Full rows whatever the terminal width. */
  wide?: boolean
  /** One short line for prompts and bars (`statusLine`), hidden profiles left out unless named; exit 0. */
  line?: boolean
  /** Print the file the tray keeps that line in, and nothing else. */
  linePath?: boolean
  /** Filters, each repeatable or a comma list. */
  session?: readonly string[]
  state?: readonly string[]
  account?: readonly string[]
}

/** `status`: exit 0 when every listed SSO profile is usable (hidden ones count only when named), 1 when one needs a login. */
export async function runStatus(ctx: CommandContext, opts: StatusOptions): Promise<number> {
  const modes = [opts.json && '--json', opts.line && '--line', opts.linePath && '--line-path'].filter(Boolean)
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be combined: choose one`, HINT)
  if (opts.linePath) {
    if (opts.names.length > 0 || opts.session?.length || opts.state?.length || opts.account?.length) {
      throw new UsageError('--line-path takes no profiles or filters', HINT)
    }
    // Loaded only here: the plain `status` path stays as small as it was.
    const [{ loginLogDir }, { statusLinePath }] = await Promise.all([import('../login/log-dir.ts'), import('../adapters/status-files.ts')])
    ctx.out.stdout(statusLinePath(loginLogDir(ctx.env)) + '\n')
    return 0
  }
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  // Only names need the map (from the parse cache it is made on first use).
  if (opts.names.length > 0) assertKnownProfiles(loaded.map, opts.names)
  const parsed = hasFilter(opts) ? parseStatusFilter(opts, loaded.profiles) : { filter: NO_FILTER }
  if ('error' in parsed) throw new UsageError(parsed.error, HINT)
  const filter = parsed.filter
  // Names, sessions and accounts narrow the list before any cache file is read; states after.
  const where: StatusFilter = { ...filter, states: [] }
  const selected =
    opts.names.length === 0 && filter === NO_FILTER
      ? loaded.profiles
      : loaded.profiles.filter((p) => (opts.names.length === 0 || opts.names.includes(p.name)) && passesFilter(where, p, null))
  const now = ctx.clock.now()
  if (opts.line) {
    const shown = selected.filter((p) => !isHidden(p.name, settings.hide) || opts.names.includes(p.name))
    const { tokens } = await readTokens(ctx.files, settings.cacheDir, shown)
    const groups = buildTokenGroups(shown, tokens, now, { warnMs: settings.warnMs }).filter(
      (g) => filter.states.length === 0 || filter.states.includes(g.state),
    )
    // Prompts print this line as it is: a session name from the config must not carry escapes.
    const { inert } = await import('../render/text.ts')
    ctx.out.stdout(inert(statusLine(groups, loaded.configErrors.length, now)) + '\n')
    return 0
  }
  const { tokens, cacheFiles } = await readTokens(ctx.files, settings.cacheDir, selected)
  const report = buildStatusReport({
    profiles: selected,
    tokens,
    cacheFiles,
    configErrors: loaded.configErrors,
    now,
    thresholds: { warnMs: settings.warnMs },
    hide: settings.hide,
  })
  // The tray's session book says when each refreshable session began and is predicted to end.
  addSessionFields(report, selected, tokens, await readSessionBook(ctx.files, stateDir(ctx.env, ctx.home)), settings.sessionHours)
  if (filter.states.length > 0) report.profiles = report.profiles.filter((p) => passesFilter(filter, p, p.token?.state ?? null))
  const narrowed = opts.names.length > 0 || !isFilterEmpty(filter)
  // Pretty JSON for people, one compact line for pipes (scripts and agents parse it either way).
  if (opts.json) {
    // Two writes: appending the newline would copy the whole text (450 KB at 1,000 profiles).
    ctx.out.stdout(JSON.stringify(report, null, ctx.out.isTTY ? 2 : undefined))
    ctx.out.stdout('\n')
  } else {
    // The table's modules are set up only here (their Unicode tables cost ~0.3 ms): --json needs none.
    const [{ renderStatusTable }, { colourEnabled, painter }] = await Promise.all([import('../render/status-table.ts'), import('../render/colour.ts')])
    ctx.out.stdout(
      renderStatusTable(report, {
        now,
        paint: painter(colourEnabled(ctx.env, ctx.out.isTTY)),
        width: opts.wide || !ctx.out.isTTY ? undefined : ctx.out.columns,
        ...(narrowed && loaded.profiles.length > 0 ? { empty: 'No profiles match.' } : {}),
      }),
    )
  }
  return statusExitCode(report, opts.names)
}

function hasFilter(opts: StatusOptions): boolean {
  return (opts.session?.length ?? 0) + (opts.state?.length ?? 0) + (opts.account?.length ?? 0) > 0
}

/**
 * What withSessionFields (core/session-book.ts) gives the tray, set on this report's own token
 * objects (`report.profiles[i]` is `profiles[i]`'s; profiles sharing a token share its object),
 * worked out once per token: copying every profile again cost ~2.5 ms at 1,000 profiles.
 */
function addSessionFields(
  report: StatusReport,
  profiles: readonly Profile[],
  tokens: ReadonlyMap<string, TokenInput>,
  book: Readonly<SessionBook>,
  sessionHours: string | null,
): void {
  const byToken = new Map<string, SessionFields>()
  report.profiles.forEach(({ token }, i) => {
    if (token === null) return
    const p = profiles[i]
    let fields = NO_SESSION
    if (p?.tokenKind === 'sso-session' && p.tokenKey !== null) {
      const key = p.tokenKey
      fields = byToken.get(key) ?? sessionFieldsFor(book, key, tokens.get(key), sessionHours)
      byToken.set(key, fields)
    }
    token.sessionStartedAt = fields.sessionStartedAt
    token.sessionEndsAt = fields.sessionEndsAt
    token.sessionEndSource = fields.sessionEndSource
  })
}
