// One `aws sso login` for an SSO profile, from version check to clean-up: shared by the `login`
// command and the tray. Picks tmux (or the detached fallback), cleans up what a crash left,
// follows a login already running for the same token, and verifies with sts.

import { createBrowser } from '../adapters/browser.ts'
import { createClipboard } from '../adapters/clipboard.ts'
import { awsFeatures, parseAwsVersion, type AwsCliVersion } from '../aws/cli-version.ts'
import type { LoginReport, LoginState } from '../core/login-machine.ts'
import type { Profile } from '../core/types.ts'
import { AppError } from '../errors.ts'
import type { Browser, Clipboard, Clock, Files, ProcessRunner } from '../ports.ts'
import type { Env, Settings } from '../settings.ts'
import { awsChildEnv, awsPaneEnv } from '../commands/aws-env.ts'
import { currentTokenStates } from '../commands/profile-selection.ts'
import { stsVerify } from '../commands/sts-verify.ts'
import { awsCliProblem } from './cli-check.ts'
import { createDetachedRunner } from './detached-runner.ts'
import { createLog, newLogPath, privateLogDir, readLog, removeLog } from './log-dir.ts'
import { runLoginFlow, type LoginControls } from './login-flow.ts'
import { claimSession } from './session-claim.ts'
import { isLoginSessionName, loginSessionName } from './session-name.ts'
import { createTmuxRunner, type LoginRunner, type SessionHandle } from './tmux-runner.ts'

export interface LoginEnv {
  env: Env
  /** Default: this process's platform (decides whether a display is needed to copy). */
  platform?: NodeJS.Platform
  files: Files
  clock: Clock
  settings: Settings
  runner: ProcessRunner
  /** Defaults: clipboardy and `open` (or the configured browser command). */
  clipboard?: Clipboard
  browser?: Browser
  /** Tests: a fake session runner, process liveness, our pid and the poll sleep. */
  loginRunner?: LoginRunner
  alive?: (pid: number) => boolean
  pid?: number
  sleep?: (ms: number) => Promise<void>
}

export interface LoginSessionOptions {
  open: boolean
  copy: boolean
  deviceCode: boolean
  timeoutS: number
}

/** Logs in through `root` (an SSO profile, not a chained one). Throws AppError when the CLI cannot. */
export async function runLoginSession(
  le: LoginEnv,
  root: Profile,
  opts: LoginSessionOptions,
  emit: (r: LoginReport) => void,
  controls: LoginControls = {},
): Promise<LoginState> {
  const { settings, runner, env: processEnv } = le
  const versionRun = await runner.run(settings.awsCommand, ['--version'], { timeoutMs: 15_000 })
  const problem = awsCliProblem(settings.awsCommand, versionRun, processEnv)
  if (problem) throw new AppError(problem.message, { hint: problem.hint })
  const version = parseAwsVersion(versionRun.stdout + versionRun.stderr) as AwsCliVersion // checked above
  const args = ssoLoginArgs(root.name)
  if (opts.deviceCode) {
    if (awsFeatures.useDeviceCode(version)) args.push('--use-device-code')
    else emit({ type: 'note', message: `AWS CLI ${version.text} always uses the device-code flow` })
  }

  // AWS_SSO_TRAY_TMUX_SOCKET lets tests use their own tmux server; AWS_SSO_TRAY_RUNNER=detached
  // forces the fallback that is otherwise chosen when tmux is missing.
  const forced = processEnv.AWS_SSO_TRAY_RUNNER
  const useTmux = forced === 'tmux' || (forced !== 'detached' && (await runner.run('tmux', ['-V'], { timeoutMs: 5000 })).exitCode === 0)
  const sessions: LoginRunner =
    le.loginRunner ?? (useTmux ? createTmuxRunner(runner, processEnv.AWS_SSO_TRAY_TMUX_SOCKET || undefined) : createDetachedRunner())
  const session = loginSessionName(root.tokenKey ?? root.name)
  const alive = le.alive ?? processAlive
  await sweepLeftovers(sessions, session, alive)

  const claim = await claimSession(
    {
      runner: sessions,
      pid: le.pid ?? process.pid,
      alive,
      newLog: async () => {
        const choice = await privateLogDir(processEnv)
        if (choice.fallback) emit({ type: 'note', message: `not using ${choice.reason}; the login log goes to ${choice.dir}` })
        const file = newLogPath(choice.dir, session)
        await createLog(file)
        return file
      },
      readLog,
      removeLog,
      note: (message) => emit({ type: 'note', message }),
    },
    { session, command: settings.awsCommand, args, env: awsPaneEnv(processEnv) },
  ).catch((e: unknown) => {
    if (e instanceof AppError) throw e
    throw new AppError(`cannot start the login: ${e instanceof Error ? e.message : String(e)}`, { hint: 'run aws-sso-tray doctor for the fix', cause: e })
  })
  const join = claim.kind === 'join' && !claim.adopted
  // Following a running login never opens another tab: the URL is printed only.
  if (claim.kind === 'join') emit({ type: 'note', message: 'a login for this session is already running; following it (the URL is not opened again)' })

  const verify = async () => {
    const identity = await stsVerify(runner, settings.awsCommand, awsChildEnv(processEnv), root, 60_000)
    if ('class' in identity) return { failure: identity }
    const [tokenState = null] = await currentTokenStates(le.files, settings, [root], le.clock.now())
    return { identity, tokenState }
  }
  const following = claim.kind === 'join'
  // Linux without a display has no clipboard: say so in one line instead of clipboardy's long error.
  const desktop = hasClipboard(le.platform ?? process.platform, processEnv)
  const copyTo = opts.copy && !following && desktop
  // Nor a browser to show: xdg-open would start a text browser (w3m, lynx) detached from any
  // terminal, left running. A browser command set in the settings is the user's choice and runs.
  const openIn = opts.open && !following && (desktop || settings.browserCommand !== null)
  const unseen = opts.open && !following && !openIn ? 'copied or opened' : 'copied'
  return runLoginFlow(
    {
      runner: sessions,
      readLog,
      removeLog,
      clipboard: copyTo ? (le.clipboard ?? createClipboard()) : null,
      noClipboardNote: opts.copy && !following && !copyTo ? `no display: the URL was not ${unseen}` : undefined,
      browser: openIn ? (le.browser ?? createBrowser(settings.browserCommand)) : null,
      verify,
      clock: le.clock,
      sleep: le.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    },
    {
      handle: claim.handle,
      role: claim.kind === 'own' || (claim.kind === 'join' && claim.adopted) ? 'owner' : claim.kind === 'finished' ? 'finished' : 'joiner',
      takeOver: join ? () => takeOver(sessions, session, claim.handle, alive, le.pid ?? process.pid) : undefined,
    },
    { urlTimeoutMs: settings.urlTimeoutMs, totalTimeoutMs: opts.timeoutS * 1000 },
    emit,
    controls,
  )
}

/**
 * Whether a clipboard can be reached: everywhere but Linux without DISPLAY or WAYLAND_DISPLAY
 * (WSL copies through clip.exe without either).
 */
export function hasClipboard(platform: NodeJS.Platform, env: Env): boolean {
  if (platform !== 'linux') return true
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY || env.WSL_DISTRO_NAME || env.WSL_INTEROP)
}

/** `aws sso login` argv: `--profile=NAME` in one word, so a name starting with `-` stays a value. */
export function ssoLoginArgs(profile: string): string[] {
  return ['sso', 'login', `--profile=${profile}`, '--no-browser', '--no-cli-auto-prompt']
}

/** Finished login sessions of other tokens whose owner died: nobody else will clean them up. */
async function sweepLeftovers(sessions: LoginRunner, current: string, alive: (pid: number) => boolean): Promise<void> {
  for (const name of (await sessions.list()).filter((n) => isLoginSessionName(n) && n !== current)) {
    const info = await sessions.find(name)
    if (!info || info.logFile === '' || info.pane.state === 'running') continue
    if (info.owner !== null && alive(info.owner)) continue
    await sessions.kill(info)
    await removeLog(info.logFile)
  }
}

/** A joiner at the end: when the owner died meanwhile, the session is ours to clean up. */
async function takeOver(sessions: LoginRunner, name: string, handle: SessionHandle, alive: (pid: number) => boolean, pid: number): Promise<boolean> {
  const info = await sessions.find(name)
  if (!info || info.id !== handle.id || info.logFile !== handle.logFile) return false
  if (info.owner !== null && (info.owner === pid || alive(info.owner))) return false
  await sessions.adopt(handle, pid)
  return true
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' // exists, but not ours to signal
  }
}
