import { createProcessRunner } from '../adapters/process-runner.ts'
import { sessionsFile, stateDir } from '../adapters/state-store.ts'
import { loadProfiles, readTokens } from '../aws/load-profiles.ts'
import type { LoginReport } from '../core/login-machine.ts'
import { parseSessionBook, sessionFieldsFor } from '../core/session-book.ts'
import { buildStatusReport } from '../core/status-report.ts'
import type { Profile, TokenState } from '../core/types.ts'
import { AppError, UsageError } from '../errors.ts'
import { loginNeed, type LoginNeed } from '../login/login-need.ts'
import { runLoginSession, type LoginEnv } from '../login/login-session.ts'
import type { ProcessRunner } from '../ports.ts'
import { colourEnabled, painter, STATE_STYLE, type Paint } from '../render/colour.ts'
import type { Settings } from '../settings.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { assertKnownProfiles } from './profile-selection.ts'

export interface LoginOptions {
  /** None given: $AWS_PROFILE, as `aws sso login` does. */
  profile: string | undefined
  json: boolean
  open: boolean
  copy: boolean
  deviceCode: boolean
  timeoutS: number
  /** Log in even when the token is usable for longer than the warning window. */
  force?: boolean
  /** Resolves when the user confirms (Enter); none in --json mode. */
  confirmed?: Promise<void>
  signal?: AbortSignal
}

/** Tests: the process runner, and the session's fakes (tmux runner, clipboard, browser, sleep). */
export interface LoginDeps {
  runner?: ProcessRunner
  session?: Partial<Pick<LoginEnv, 'loginRunner' | 'clipboard' | 'browser' | 'alive' | 'pid' | 'sleep'>>
  /** Local time = UTC + this (default: this machine's zone at that moment). */
  utcOffsetMin?: (now: number) => number
}

/** The `usable` line of `login --json` when there is nothing to do. */
export interface UsableEvent {
  type: 'usable'
  profile: string
  state: TokenState
  expiresAt: string | null
  /** Until when the CLI works without a login; null when the session's end is not known. */
  usableUntil: string | null
}

export async function runLogin(ctx: CommandContext, opts: LoginOptions, deps: LoginDeps = {}): Promise<number> {
  const name = opts.profile ?? (ctx.env.AWS_PROFILE || undefined)
  if (name === undefined) throw new UsageError('login needs a PROFILE, or AWS_PROFILE set to one', 'usage: aws-sso-tray login [PROFILE] (default $AWS_PROFILE)')
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  assertKnownProfiles(loaded.map, [name])
  const asked = loaded.profiles.find((p) => p.name === name) as Profile // same names as the map
  if (asked.kind === 'other') throw new UsageError(`profile ${JSON.stringify(asked.name)} does not use SSO: nothing to log in`)
  if (asked.configError) throw new AppError(`profile ${JSON.stringify(asked.name)} is misconfigured: ${asked.configError}`)
  // A file the AWS CLI refuses makes every aws command fail (even --version): say which line.
  const refused = loaded.configErrors[0]
  if (refused)
    throw new AppError(`the AWS CLI refuses ${refused.file}: line ${refused.line}: ${refused.message}`, {
      hint: `fix line ${refused.line} of ${refused.file}; every aws command fails until then`,
    })
  const paint = painter(!opts.json && colourEnabled(ctx.env, ctx.out.isTTY))
  const emit = (r: LoginReport) => ctx.out.stdout(opts.json ? JSON.stringify(r) + '\n' : humanLine(r, paint))
  // `aws sso login` refuses chained profiles (exit 253): log in through the SSO root they share.
  const root: Profile = asked.kind === 'chained' ? (loaded.profiles.find((p) => p.name === asked.sourceProfile) ?? asked) : asked

  const now = ctx.clock.now()
  const need = await decide(ctx, asked, root, settings, now, (deps.utcOffsetMin ?? localOffset)(now))
  if (!need.login && !opts.force) {
    if (opts.json) {
      const event: UsableEvent = {
        type: 'usable',
        profile: asked.name,
        state: need.state,
        expiresAt: need.expiresAt,
        usableUntil: need.usableUntil === null ? null : new Date(need.usableUntil).toISOString(),
      }
      ctx.out.stdout(JSON.stringify(event) + '\n')
    } else ctx.out.stdout(paint(STATE_STYLE[need.state], need.message) + '\n')
    return 0
  }
  if (need.login && need.note !== null) emit({ type: 'note', message: need.note })
  if (root !== asked) emit({ type: 'note', message: `${asked.name} is chained; logging in through its SSO profile ${root.name}` })

  const state = await runLoginSession(
    { env: ctx.env, platform: ctx.platform, files: ctx.files, clock: ctx.clock, settings, runner: deps.runner ?? createProcessRunner(), ...deps.session },
    root,
    { open: opts.open, copy: opts.copy, deviceCode: opts.deviceCode || settings.deviceCode, timeoutS: opts.timeoutS },
    emit,
    {
      confirmed: opts.confirmed,
      signal: opts.signal,
      // Once the URL (and code) are out: the person's turn.
      onHandedOff:
        !opts.json && opts.confirmed
          ? () => emit({ type: 'note', message: 'Waiting for the browser. Press Enter once you have approved the login.' })
          : undefined,
    },
  )
  return state.phase === 'verified' ? 0 : 1
}

type Decision = (LoginNeed & { login: true }) | (LoginNeed & { login: false; state: TokenState; expiresAt: string | null })

/** The token as the cache holds it now, and the session's predicted end from the tray's book. */
async function decide(ctx: CommandContext, asked: Profile, root: Profile, settings: Settings, now: number, utcOffsetMin: number): Promise<Decision> {
  const { tokens, cacheFiles } = await readTokens(ctx.files, settings.cacheDir, [asked])
  const token =
    buildStatusReport({ profiles: [asked], tokens, cacheFiles, configErrors: [], now, thresholds: { warnMs: settings.warnMs } }).profiles[0]?.token ?? null
  if (token === null) return { login: true, note: null }
  let sessionEndsAt: number | null = null
  if (root.ssoSession !== null && asked.tokenKey !== null) {
    // The book is the tray's: unreadable or absent, the session's end is simply unknown.
    const bytes = await ctx.files.readBytes(sessionsFile(stateDir(ctx.env, ctx.home))).catch(() => undefined)
    const book = bytes === undefined ? {} : parseSessionBook(new TextDecoder().decode(bytes))
    const ends = sessionFieldsFor(book, root.ssoSession, tokens.get(asked.tokenKey), settings.sessionHours).sessionEndsAt
    sessionEndsAt = ends === null ? null : Date.parse(ends)
  }
  const need = loginNeed({
    profile: asked.name,
    state: token.state,
    expiresAt: token.expiresAt === null ? null : Date.parse(token.expiresAt),
    sessionEndsAt,
    now,
    warnMs: settings.warnMs,
    utcOffsetMin,
  })
  return need.login ? need : { ...need, state: token.state, expiresAt: token.expiresAt }
}

function localOffset(now: number): number {
  return -new Date(now).getTimezoneOffset()
}

function humanLine(r: LoginReport, paint: Paint): string {
  switch (r.type) {
    case 'url':
      return `Log in at this URL:\n  ${paint('bold', r.url)}\n`
    case 'code':
      // The autofill URL puts the code on the page (compare it); the bare URL asks for it (type it).
      return r.prefilled
        ? `Check that the sign-in page shows this code: ${paint('bold', r.userCode)}\n`
        : `Enter this code on the sign-in page: ${paint('bold', r.userCode)}\n`
    case 'success':
      return 'The AWS CLI reports a successful login; verifying…\n'
    case 'verified':
      return `${paint('green', 'Verified:')} account ${r.account}, ${r.arn}\n`
    case 'failed':
      return `${paint('red', `Login failed (${r.class}):`)} ${r.message}\n`
    case 'note':
      return `${r.message}\n`
  }
}
