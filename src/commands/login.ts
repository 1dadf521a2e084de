import { createProcessRunner } from '../adapters/process-runner.ts'
import { loadProfiles } from '../aws/load-profiles.ts'
import type { LoginReport } from '../core/login-machine.ts'
import type { Profile } from '../core/types.ts'
import { AppError, UsageError } from '../errors.ts'
import { runLoginSession } from '../login/login-session.ts'
import type { ProcessRunner } from '../ports.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { assertKnownProfiles } from './profile-selection.ts'

export interface LoginOptions {
  profile: string
  json: boolean
  open: boolean
  copy: boolean
  deviceCode: boolean
  timeoutS: number
  /** Resolves when the user confirms (Enter); none in --json mode. */
  confirmed?: Promise<void>
  signal?: AbortSignal
}

export async function runLogin(ctx: CommandContext, opts: LoginOptions, runner: ProcessRunner = createProcessRunner()): Promise<number> {
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  assertKnownProfiles(loaded.map, [opts.profile])
  const asked = loaded.profiles.find((p) => p.name === opts.profile) as Profile // same names as the map
  if (asked.kind === 'other') throw new UsageError(`profile ${JSON.stringify(asked.name)} does not use SSO: nothing to log in`)
  if (asked.configError) throw new AppError(`profile ${JSON.stringify(asked.name)} is misconfigured: ${asked.configError}`)
  const emit = (r: LoginReport) => ctx.out.stdout(opts.json ? JSON.stringify(r) + '\n' : humanLine(r))
  // `aws sso login` refuses chained profiles (exit 253): log in through the SSO root they share.
  const root: Profile = asked.kind === 'chained' ? (loaded.profiles.find((p) => p.name === asked.sourceProfile) ?? asked) : asked
  if (root !== asked) emit({ type: 'note', message: `${asked.name} is chained; logging in through its SSO profile ${root.name}` })

  if (!opts.json && opts.confirmed) emit({ type: 'note', message: 'Waiting for the browser. Press Enter once you have approved the login.' })
  const state = await runLoginSession(
    { env: ctx.env, files: ctx.files, clock: ctx.clock, settings, runner },
    root,
    { open: opts.open, copy: opts.copy, deviceCode: opts.deviceCode || settings.deviceCode, timeoutS: opts.timeoutS },
    emit,
    { confirmed: opts.confirmed, signal: opts.signal },
  )
  return state.phase === 'verified' ? 0 : 1
}

function humanLine(r: LoginReport): string {
  switch (r.type) {
    case 'url':
      return `Log in at this URL:\n  ${r.url}\n`
    case 'code':
      // The autofill URL puts the code on the page (compare it); the bare URL asks for it (type it).
      return r.prefilled ? `Check that the sign-in page shows this code: ${r.userCode}\n` : `Enter this code on the sign-in page: ${r.userCode}\n`
    case 'success':
      return 'The AWS CLI reports a successful login; verifying…\n'
    case 'verified':
      return `Verified: account ${r.account}, ${r.arn}\n`
    case 'failed':
      return `Login failed (${r.class}): ${r.message}\n`
    case 'note':
      return `${r.message}\n`
  }
}
