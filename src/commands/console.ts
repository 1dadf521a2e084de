// `console PROFILE [--print]`: the AWS console for a profile in the browser, signed in. The role
// credentials come from the AWS CLI itself (`configure export-credentials`, so its cache and
// refresh rules apply) and live only in this process's memory: they are never written, logged,
// copied or printed. Only --print shows the sign-in URL, a bearer link valid for 15 minutes.

import { createBrowser } from '../adapters/browser.ts'
import { createHttpClient } from '../adapters/http.ts'
import { createProcessRunner } from '../adapters/process-runner.ts'
import { classifyAwsError } from '../aws/classify-error.ts'
import { loadProfiles } from '../aws/load-profiles.ts'
import { consoleLoginUrl, isLoopbackEndpoint, parseExportedCredentials, parseSigninToken, partitionFor, signinTokenUrl } from '../core/console-signin.ts'
import type { Profile } from '../core/types.ts'
import { AppError } from '../errors.ts'
import type { Browser, HttpClient, ProcessRunner } from '../ports.ts'
import type { Env } from '../settings.ts'
import { awsChildEnv } from './aws-env.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { assertKnownProfiles, currentTokenStates } from './profile-selection.ts'

export interface ConsoleOptions {
  profile: string
  print: boolean
}

export interface ConsoleDeps {
  runner: ProcessRunner
  http: HttpClient
  browser?: Browser
}

const USABLE = new Set(['valid', 'expiring', 'refreshable'])

export async function runConsole(
  ctx: CommandContext,
  opts: ConsoleOptions,
  deps: ConsoleDeps = { runner: createProcessRunner(), http: createHttpClient() },
): Promise<number> {
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  assertKnownProfiles(loaded.map, [opts.profile])
  const profile = loaded.profiles.find((p) => p.name === opts.profile) as Profile
  if (profile.configError) throw new AppError(`profile ${JSON.stringify(profile.name)} is misconfigured: ${profile.configError}`)

  // An SSO login that has ended is the usual login's job (one user action), never done here.
  const root = rootOf(profile, loaded.profiles)
  if (root.tokenKey !== null) {
    const [state] = await currentTokenStates(ctx.files, settings, [root], ctx.clock.now())
    if (state && !USABLE.has(state)) {
      throw new AppError(`the SSO login for ${JSON.stringify(root.name)} is ${state}: log in first`, { hint: loginHint(root.name) })
    }
  }
  const { url, region } = await consoleSigninUrl(deps, { awsCommand: settings.awsCommand, env: ctx.env, profile, profiles: loaded.profiles })
  if (opts.print) {
    ctx.out.stdout(url + '\n')
    return 0
  }
  await (deps.browser ?? createBrowser(settings.browserCommand)).open(url)
  ctx.out.stdout(`Opened the AWS console for ${profile.name}${profile.accountId ? ` (account ${profile.accountId}` + `, ${region})` : ` (${region})`}.\n`)
  return 0
}

export interface SigninRequest {
  awsCommand: string
  env: Env
  profile: Profile
  /** Every profile of the config, to find a chained profile's SSO root. */
  profiles: readonly Profile[]
}

/**
 * The console sign-in URL for a profile: role credentials from the AWS CLI, traded for a sign-in
 * token. Shared by `console` and the tray's Open console. The URL is a bearer link valid for 15
 * minutes; the credentials live only in this call. Errors are AppErrors in plain words, with the
 * fix as hint; no message carries a credential.
 */
export async function consoleSigninUrl(deps: Pick<ConsoleDeps, 'runner' | 'http'>, req: SigninRequest): Promise<{ url: string; region: string }> {
  const { profile, awsCommand } = req
  const testEndpoint = req.env.AWS_SSO_TRAY_FEDERATION_URL
  if (testEndpoint && !isLoopbackEndpoint(testEndpoint)) throw new AppError('AWS_SSO_TRAY_FEDERATION_URL must point at this machine (it is for tests)')
  const root = rootOf(profile, req.profiles)

  const exported = await deps.runner.run(
    awsCommand,
    ['configure', 'export-credentials', `--profile=${profile.name}`, '--format', 'process', '--no-cli-pager', '--no-cli-auto-prompt'],
    {
      timeoutMs: 60_000,
      env: awsChildEnv(req.env),
      extendEnv: false,
    },
  )
  if (exported.notFound) throw new AppError(`${awsCommand} not found`, { hint: 'install AWS CLI v2 (aws-sso-tray doctor)' })
  const failure = classifyAwsError(exported)
  if (failure) {
    const hint = failure.class === 'auth-expired' ? loginHint(root.name) : undefined
    // The failure as cause: the tray tells an ended session (auth-expired) from other trouble by it.
    throw new AppError(`cannot get role credentials for ${JSON.stringify(profile.name)} (${failure.class}): ${failure.message}`, { hint, cause: failure })
  }
  const creds = parseExportedCredentials(exported.stdout)
  if ('error' in creds) throw new AppError(`cannot open the console for ${JSON.stringify(profile.name)}: ${creds.error}`)

  const region = profile.region ?? root.region ?? root.ssoRegion ?? 'us-east-1'
  const partition = partitionFor(region)
  const federation = testEndpoint || partition.federation

  let answer
  try {
    answer = await deps.http.get(signinTokenUrl(federation, creds), 15_000)
  } catch (e) {
    throw new AppError(`the AWS sign-in endpoint did not answer (${e instanceof Error ? e.message : 'request failed'})`, {
      hint: 'check the network or proxy, then try again',
    })
  }
  const token = answer.status === 200 ? parseSigninToken(answer.body) : undefined
  if (!token)
    throw new AppError(`the AWS sign-in endpoint refused the role credentials (HTTP ${answer.status})`, {
      hint: 'the role may not allow console access; aws-sso-tray check shows whether it works at all',
    })
  return { url: consoleLoginUrl(federation, token, partition.console(region)), region }
}

/** A chained profile signs in through its source's SSO login. */
function rootOf(profile: Profile, profiles: readonly Profile[]): Profile {
  return profile.kind === 'chained' ? (profiles.find((p) => p.name === profile.sourceProfile) ?? profile) : profile
}

/** The command to paste: the name as one shell word, after `--` when it looks like an option. */
function loginHint(name: string): string {
  const word = /^[A-Za-z0-9_.@%+=:,/-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`
  return `run: aws-sso-tray login ${name.startsWith('-') ? '-- ' : ''}${word}`
}
