import { createBrowser } from '../adapters/browser.ts'
import { createClipboard } from '../adapters/clipboard.ts'
import { createProcessRunner } from '../adapters/process-runner.ts'
import { classifyAwsError } from '../aws/classify-error.ts'
import { awsFeatures, parseAwsVersion } from '../aws/cli-version.ts'
import { loadProfiles } from '../aws/load-profiles.ts'
import { parseCallerIdentity, stsArgs } from '../aws/verify.ts'
import type { LoginReport } from '../core/login-machine.ts'
import type { Profile } from '../core/types.ts'
import { AppError, UsageError } from '../errors.ts'
import { logPathFor, loginLogDir, prepareLog, readLog, removeLog } from '../login/log-dir.ts'
import { runLoginFlow } from '../login/login-flow.ts'
import { isLoginSessionName, loginSessionName } from '../login/session-name.ts'
import { createDetachedRunner } from '../login/detached-runner.ts'
import { createTmuxRunner } from '../login/tmux-runner.ts'
import type { ProcessRunner } from '../ports.ts'
import { awsChildEnv } from './aws-env.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { assertKnownProfiles, currentTokenStates } from './profile-selection.ts'

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

/** What the CLI needs inside tmux: a running server would otherwise hand the pane its own old environment. */
const CARRY = /^(AWS_|PATH$|HOME$|USER$|LANG$|LC_|TMPDIR$|SSL_CERT_|REQUESTS_CA_BUNDLE$|NODE_EXTRA_CA_CERTS$|HTTPS?_PROXY$|NO_PROXY$|https?_proxy$|no_proxy$)/

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

  const version = parseAwsVersion((await runner.run(settings.awsCommand, ['--version'], { timeoutMs: 15_000 })).stdout)
  if (!version || !awsFeatures.ssoLogin(version)) {
    throw new AppError(`${settings.awsCommand} is not AWS CLI v2 (found ${version?.text ?? 'none'}): it cannot run aws sso login`, { hint: 'run aws-sso-tray doctor for the fix' })
  }
  const args = ['sso', 'login', '--profile', root.name, '--no-browser', '--no-cli-auto-prompt']
  if (opts.deviceCode) {
    if (awsFeatures.useDeviceCode(version)) args.push('--use-device-code')
    else emit({ type: 'note', message: `AWS CLI ${version.text} always uses the device-code flow` })
  }

  // AWS_SSO_TRAY_TMUX_SOCKET lets tests use their own tmux server; AWS_SSO_TRAY_RUNNER=detached
  // forces the fallback that is otherwise chosen when tmux is missing.
  const forced = ctx.env.AWS_SSO_TRAY_RUNNER
  const useTmux = forced === 'tmux' || (forced !== 'detached' && (await runner.run('tmux', ['-V'], { timeoutMs: 5000 })).exitCode === 0)
  const tmux = useTmux ? createTmuxRunner(runner, ctx.env.AWS_SSO_TRAY_TMUX_SOCKET || undefined) : createDetachedRunner()
  const session = loginSessionName(root.tokenKey ?? root.name)
  const dir = loginLogDir(ctx.env)
  const running = await tmux.list()
  // Leftovers of a crash: a finished login session is cleaned; a live one for this token is joined.
  for (const name of running.filter((n) => isLoginSessionName(n) && n !== session)) {
    if ((await tmux.state(name)).state !== 'running') {
      await tmux.kill(name)
      await removeLog(logPathFor(dir, name))
    }
  }
  const join = running.includes(session) && (await tmux.state(session)).state === 'running'
  // Following a running login never opens another tab: the URL is printed only.
  if (join) emit({ type: 'note', message: 'a login for this session is already running; following it (the URL is not opened again)' })
  const logFile = await prepareLog(dir, session)
  const env = Object.fromEntries(Object.entries(awsChildEnv(ctx.env)).filter(([k]) => CARRY.test(k)))

  const verify = async () => {
    const r = await runner.run(settings.awsCommand, stsArgs(root), { timeoutMs: 60_000, env: awsChildEnv(ctx.env), extendEnv: false })
    const failure = classifyAwsError(r)
    const identity = failure ? undefined : parseCallerIdentity(r.stdout)
    if (!identity) return { failure: failure ?? { class: 'cli-error' as const, message: 'sts printed no identity' } }
    const [tokenState = null] = await currentTokenStates(ctx.files, settings, [root], ctx.clock.now())
    return { identity, tokenState }
  }

  if (!opts.json && opts.confirmed) emit({ type: 'note', message: 'Waiting for the browser. Press Enter once you have approved the login.' })
  const state = await runLoginFlow(
    {
      tmux,
      readLog,
      removeLog,
      clipboard: opts.copy && !join ? createClipboard() : null,
      browser: opts.open && !join ? createBrowser(settings.browserCommand) : null,
      verify,
      clock: ctx.clock,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
    { session, command: settings.awsCommand, args, env, logFile, join },
    { urlTimeoutMs: 30_000, totalTimeoutMs: opts.timeoutS * 1000 },
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
      return `Check that the sign-in page shows this code: ${r.userCode}\n`
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
