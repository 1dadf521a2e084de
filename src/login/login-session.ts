// One `aws sso login` for an SSO profile, from version check to clean-up: shared by the `login`
// command and the tray. Picks tmux (or the detached fallback), cleans up what a crash left,
// follows a login already running for the same token, and verifies with sts.

import { createBrowser } from '../adapters/browser.ts'
import { createClipboard } from '../adapters/clipboard.ts'
import { awsFeatures, parseAwsVersion } from '../aws/cli-version.ts'
import type { LoginReport, LoginState } from '../core/login-machine.ts'
import type { Profile } from '../core/types.ts'
import { AppError } from '../errors.ts'
import type { Browser, Clipboard, Clock, Files, ProcessRunner } from '../ports.ts'
import type { Env, Settings } from '../settings.ts'
import { awsChildEnv } from '../commands/aws-env.ts'
import { currentTokenStates } from '../commands/profile-selection.ts'
import { stsVerify } from '../commands/sts-verify.ts'
import { createDetachedRunner } from './detached-runner.ts'
import { logPathFor, loginLogDir, prepareLog, readLog, removeLog } from './log-dir.ts'
import { runLoginFlow, type LoginControls } from './login-flow.ts'
import { isLoginSessionName, loginSessionName } from './session-name.ts'
import { createTmuxRunner } from './tmux-runner.ts'

export interface LoginEnv {
  env: Env
  files: Files
  clock: Clock
  settings: Settings
  runner: ProcessRunner
  /** Defaults: clipboardy and `open` (or the configured browser command). */
  clipboard?: Clipboard
  browser?: Browser
}

export interface LoginSessionOptions {
  open: boolean
  copy: boolean
  deviceCode: boolean
  timeoutS: number
}

/** What the CLI needs inside tmux: a running server would otherwise hand the pane its own old environment. */
const CARRY = /^(AWS_|PATH$|HOME$|USER$|LANG$|LC_|TMPDIR$|SSL_CERT_|REQUESTS_CA_BUNDLE$|NODE_EXTRA_CA_CERTS$|HTTPS?_PROXY$|NO_PROXY$|https?_proxy$|no_proxy$)/

/** Logs in through `root` (an SSO profile, not a chained one). Throws AppError when the CLI cannot. */
export async function runLoginSession(
  le: LoginEnv,
  root: Profile,
  opts: LoginSessionOptions,
  emit: (r: LoginReport) => void,
  controls: LoginControls = {},
): Promise<LoginState> {
  const { settings, runner, env: processEnv } = le
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
  const forced = processEnv.AWS_SSO_TRAY_RUNNER
  const useTmux = forced === 'tmux' || (forced !== 'detached' && (await runner.run('tmux', ['-V'], { timeoutMs: 5000 })).exitCode === 0)
  const tmux = useTmux ? createTmuxRunner(runner, processEnv.AWS_SSO_TRAY_TMUX_SOCKET || undefined) : createDetachedRunner()
  const session = loginSessionName(root.tokenKey ?? root.name)
  const dir = loginLogDir(processEnv)
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
  const env = Object.fromEntries(Object.entries(awsChildEnv(processEnv)).filter(([k]) => CARRY.test(k)))

  const verify = async () => {
    const identity = await stsVerify(runner, settings.awsCommand, awsChildEnv(processEnv), root, 60_000)
    if ('class' in identity) return { failure: identity }
    const [tokenState = null] = await currentTokenStates(le.files, settings, [root], le.clock.now())
    return { identity, tokenState }
  }

  return runLoginFlow(
    {
      tmux,
      readLog,
      removeLog,
      clipboard: opts.copy && !join ? (le.clipboard ?? createClipboard()) : null,
      browser: opts.open && !join ? (le.browser ?? createBrowser(settings.browserCommand)) : null,
      verify,
      clock: le.clock,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
    { session, command: settings.awsCommand, args, env, logFile, join },
    { urlTimeoutMs: 30_000, totalTimeoutMs: opts.timeoutS * 1000 },
    emit,
    controls,
  )
}
