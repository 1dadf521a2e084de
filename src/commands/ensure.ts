// `ensure [PROFILE]`: make sure a profile has a usable login, asking the person when it has not.
// Usable now → exit 0 at once. Otherwise the running tray is asked over its local socket: the
// person sees who asks and approves (or declines) there, and this command follows the login to
// its end. No tray → the login runs here, exactly as `login` runs it. Never retried by itself.

import { readFileSync } from 'node:fs'
import { createProcessRunner } from '../adapters/process-runner.ts'
import { ensureSocketPath, requestEnsure } from '../adapters/ensure-socket.ts'
import { loadProfiles, readTokens } from '../aws/load-profiles.ts'
import type { EnsureEvent, Requester } from '../core/ensure-protocol.ts'
import { buildStatusReport } from '../core/status-report.ts'
import type { Profile, TokenState } from '../core/types.ts'
import { AppError, UsageError } from '../errors.ts'
import { loginLogDir } from '../login/log-dir.ts'
import type { ProcessRunner } from '../ports.ts'
import { colourEnabled, painter, STATE_STYLE, type Paint, type Style } from '../render/colour.ts'
import { awsChildEnv } from './aws-env.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import type { LoginOptions } from './login.ts'
import { assertKnownProfiles } from './profile-selection.ts'
import { stsVerify } from './sts-verify.ts'

export interface EnsureOptions {
  profile: string | undefined
  json: boolean
  timeoutS: number
  verify: boolean
  signal?: AbortSignal
}

export interface EnsureDeps {
  runner: ProcessRunner
  /** The `login` command, for hosts without a running tray. */
  login(ctx: CommandContext, opts: LoginOptions): Promise<number>
  requester(): Requester
  socketPath?: string
}

const USABLE = new Set(['valid', 'expiring', 'refreshable'])

export async function runEnsure(ctx: CommandContext, opts: EnsureOptions, deps?: Partial<EnsureDeps>): Promise<number> {
  const runner = deps?.runner ?? createProcessRunner()
  const name = opts.profile ?? ctx.env.AWS_PROFILE
  if (!name) throw new UsageError('ensure needs a PROFILE (or AWS_PROFILE)')
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  assertKnownProfiles(loaded.map, [name])
  const asked = loaded.profiles.find((p) => p.name === name) as Profile
  if (asked.kind === 'other') throw new UsageError(`profile ${JSON.stringify(name)} does not use SSO: nothing to ensure`)
  if (asked.configError) throw new AppError(`profile ${JSON.stringify(name)} is misconfigured: ${asked.configError}`)
  const paint = painter(!opts.json && colourEnabled(ctx.env, ctx.out.isTTY))
  const emit = (e: EnsureEvent) => ctx.out.stdout(opts.json ? JSON.stringify(e) + '\n' : humanLine(e, paint))

  // A fresh read of the cache: the token may have been renewed a moment ago.
  // (A chained profile carries its SSO root's token key.)
  const { tokens, cacheFiles } = await readTokens(ctx.files, settings.cacheDir, [asked])
  const report = buildStatusReport({ profiles: [asked], tokens, cacheFiles, configErrors: [], now: ctx.clock.now(), thresholds: { warnMs: settings.warnMs } })
  const token = report.profiles[0]?.token ?? null
  if (token && USABLE.has(token.state)) {
    if (!opts.verify) {
      emit({ type: 'usable', profile: name, state: token.state, expiresAt: token.expiresAt })
      return 0
    }
    const v = await stsVerify(runner, settings.awsCommand, awsChildEnv(ctx.env), asked, 60_000)
    if (!('class' in v)) {
      emit({ type: 'usable', profile: name, state: token.state, expiresAt: token.expiresAt })
      return 0
    }
    if (v.class !== 'auth-expired') {
      emit({ type: 'failed', class: v.class, message: v.message })
      return 1
    }
  }

  // One controller for both ends of the wait (AbortSignal.any needs Node 20.3); which one fired
  // decides the message.
  const stop = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    stop.abort()
  }, opts.timeoutS * 1000)
  const onCancel = () => stop.abort()
  opts.signal?.addEventListener('abort', onCancel, { once: true })
  const signal = stop.signal
  const file = deps?.socketPath ?? ensureSocketPath(loginLogDir(ctx.env), ctx.platform, ctx.env.USER ?? ctx.env.USERNAME ?? 'user')
  let final: EnsureEvent | undefined
  const outcome = await requestEnsure(
    file,
    { type: 'ensure', profile: name, requester: (deps?.requester ?? currentRequester)() },
    (e) => {
      emit(e)
      if (e.type === 'verified' || e.type === 'failed' || e.type === 'declined') final = e
    },
    signal,
  )
  clearTimeout(timer)
  opts.signal?.removeEventListener('abort', onCancel)
  if (outcome === 'unavailable') {
    const login = deps?.login ?? (async (c: CommandContext, o: LoginOptions) => (await import('./login.ts')).runLogin(c, o))
    return login(ctx, {
      profile: name,
      json: opts.json,
      open: true,
      copy: true,
      deviceCode: settings.deviceCode,
      timeoutS: opts.timeoutS,
      signal: opts.signal,
      // ensure found the token unusable (or sts refused it): log in whatever the cache says.
      force: true,
    })
  }
  if (final?.type === 'verified') return 0
  if (!final) {
    const why = opts.signal?.aborted
      ? { class: 'cancelled', message: 'cancelled' }
      : timedOut
        ? { class: 'timeout', message: `no login within ${opts.timeoutS} s` }
        : { class: 'cli-error', message: 'the tray closed the request without an answer (did it quit?)' }
    emit({ type: 'failed', ...why })
  }
  return 1
}

/** The program that ran us and where, for the person deciding (Linux knows the parent's name). */
function currentRequester(): Requester {
  let program = 'a terminal'
  try {
    program = readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim() || program
  } catch {
    // not Linux: keep the generic name
  }
  return { program, cwd: process.cwd(), pid: process.ppid }
}

function humanLine(e: EnsureEvent, paint: Paint): string {
  switch (e.type) {
    case 'usable':
      return `${e.profile}: ${paint(stateStyle(e.state), `usable (${e.state}${e.expiresAt ? `, until ${e.expiresAt}` : ''})`)}\n`
    case 'requested':
      return `Asked the tray to log in ${paint('bold', e.session)} for ${e.profile}: approve it in the notification or the tray menu.\n`
    case 'declined':
      return `${paint('yellow', 'Declined in the tray:')} ${e.profile} stays logged out.\n`
    case 'url':
      return `Log in at this URL:\n  ${paint('bold', e.url)}\n`
    case 'code':
      return `Code: ${paint('bold', e.userCode)}\n`
    case 'success':
      return 'The AWS CLI reports a successful login; verifying…\n'
    case 'verified':
      return `${paint('green', 'Verified:')} account ${e.account}, ${e.arn}\n`
    case 'failed':
      return `${paint('red', `Login failed (${e.class}):`)} ${e.message}\n`
    case 'note':
      return `${e.message}\n`
  }
}

function stateStyle(state: string): Style | null {
  return Object.hasOwn(STATE_STYLE, state) ? STATE_STYLE[state as TokenState] : null
}
