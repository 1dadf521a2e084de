// argv → command. Commands are imported lazily so `status` loads nothing it does not use
// (no tray, notifier, clipboard or process modules).

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { CommandContext } from './commands/context.ts'
import type { CompletionCommand } from './core/completion.ts'
import { TOKEN_STATES } from './core/status-filter.ts'
import { closest } from './core/suggest.ts'
import { UsageError } from './errors.ts'
import { plainArgs } from './startup/plain-args.ts'

type Options = NonNullable<ParseArgsConfig['options']>
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

interface Command {
  usage: string
  /** Left out of the help and of suggestions (the shell completion's own helper). */
  hidden?: boolean
  summary: string
  /** More lines for the command's own --help (its options). */
  details?: string[]
  options: Options
  run(ctx: CommandContext, values: Values, positionals: string[]): Promise<number>
}

const COMMON: Options = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } }

const COMMANDS: Record<string, Command> = {
  tray: {
    usage: 'aws-sso-tray [tray]',
    summary: 'Start the tray icon: token states, expiry notifications, one-click login (the default).',
    options: {},
    async run(ctx, _values, positionals) {
      if (positionals.length > 0) throw new UsageError(`tray takes no arguments (got ${positionals.join(' ')})`)
      const { runTray } = await import('./commands/tray.ts')
      return runTray(ctx, { assetsDir: fileURLToPath(new URL('../assets/', import.meta.url)) })
    },
  },
  status: {
    usage: 'aws-sso-tray status [--json | --line | --line-path] [--wide] [--session NAME] [--state STATE] [--account ID] [PROFILE...]',
    summary: "Show every profile's SSO token state, offline (exit 0 all usable, 1 some need login, 2 usage).",
    details: [
      'Options:',
      '  --json            the report as JSON (indented on a terminal, one line in a pipe)',
      '  --line            one short line for prompts and status bars, e.g. "aws ✓" (hidden profiles left out; exit 0)',
      '  --line-path       the file the running tray keeps that line in (as cheap to read as cat)',
      '  --wide            full rows, however wide the terminal (pipes always get them)',
      '  --session NAME    only profiles of this sso-session (or legacy start URL)',
      '  --state STATE     only these states: valid, refreshable, expiring, expired, missing, invalid',
      '  --account ID      only profiles of this account',
      'Filters repeat or take comma lists (--state expired,missing); the exit code counts what is shown.',
      'Profiles matched by the hide setting are listed, marked hidden, and not counted unless named.',
      'Colours: off for NO_COLOR, TERM=dumb, FORCE_COLOR=0 and pipes; FORCE_COLOR=1 forces them.',
    ],
    options: {
      json: { type: 'boolean' },
      wide: { type: 'boolean' },
      line: { type: 'boolean' },
      'line-path': { type: 'boolean' },
      session: { type: 'string', multiple: true },
      state: { type: 'string', multiple: true },
      account: { type: 'string', multiple: true },
    },
    async run(ctx, values, positionals) {
      const { runStatus } = await import('./commands/status.ts')
      return runStatus(ctx, {
        json: values.json === true,
        names: positionals,
        wide: values.wide === true,
        line: values.line === true,
        linePath: values['line-path'] === true,
        session: strings(values.session),
        state: strings(values.state),
        account: strings(values.account),
      })
    },
  },
  check: {
    usage: 'aws-sso-tray check [--json] [--wide] [--concurrency N] [--timeout S] [PROFILE...]',
    summary: 'Verify SSO profiles with aws sts get-caller-identity (exit 0 only when all pass).',
    details: [
      'Options:',
      '  --json            the results as JSON (indented on a terminal, one line in a pipe)',
      '  --wide            full rows with the caller ARN, however wide the terminal (pipes always get them)',
      '  --concurrency N   calls at once (default: the check_concurrency setting, 4)',
      '  --timeout S       seconds each call may take (default 60)',
    ],
    options: { json: { type: 'boolean' }, wide: { type: 'boolean' }, concurrency: { type: 'string' }, timeout: { type: 'string', default: '60' } },
    async run(ctx, values, positionals) {
      const timeoutS = timeoutSeconds(values.timeout)
      const { runCheck } = await import('./commands/check.ts')
      // No --concurrency: the check_concurrency setting decides (default 4).
      const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency)
      return runCheck(ctx, { json: values.json === true, wide: values.wide === true, concurrency, names: positionals, timeoutMs: timeoutS * 1000 })
    },
  },
  login: {
    usage: 'aws-sso-tray login [PROFILE] [--force] [--no-open] [--no-copy] [--device-code] [--timeout S] [--json]',
    summary: 'Run aws sso login --no-browser in tmux, hand the URL to clipboard and browser, verify (exit 0 only when verified, or when nothing needed doing).',
    details: [
      'PROFILE defaults to $AWS_PROFILE. A token usable for longer than the warning window is left as it is (exit 0).',
      'Options:',
      '  --force           log in even when the token is still usable',
      '  --no-open         do not open a browser (the URL is printed)',
      '  --no-copy         do not copy the URL to the clipboard',
      '  --device-code     use the device-code flow (a browser on another machine)',
      '  --timeout S       seconds the whole login may take (default 600)',
      '  --json            one JSON event a line (docs/schema/login-event.schema.json)',
    ],
    options: {
      json: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      'no-copy': { type: 'boolean' },
      force: { type: 'boolean' },
      'device-code': { type: 'boolean' },
      timeout: { type: 'string', default: '600' },
    },
    async run(ctx, values, positionals) {
      const [profile, ...extra] = positionals
      if (extra.length > 0) throw new UsageError('login takes one PROFILE (or none: $AWS_PROFILE)')
      const timeoutS = timeoutSeconds(values.timeout)
      const { runLogin } = await import('./commands/login.ts')
      const confirmed = values.json || !process.stdin.isTTY ? undefined : waitForEnter()
      try {
        return await untilSignalled((signal) =>
          runLogin(ctx, {
            profile,
            json: values.json === true,
            open: values['no-open'] !== true,
            copy: values['no-copy'] !== true,
            force: values.force === true,
            deviceCode: values['device-code'] === true,
            timeoutS,
            confirmed,
            signal,
          }),
        )
      } finally {
        process.stdin.pause()
      }
    },
  },
  console: {
    usage: 'aws-sso-tray console PROFILE [--print]',
    summary: 'Open the AWS console for PROFILE in the browser, signed in with its role (the credentials are never written or shown).',
    details: [
      'Options:',
      '  --print           print the sign-in URL instead of opening it: a bearer link, valid for 15 minutes,',
      '                    that signs in whoever opens it (keep it out of chats and logs)',
      'An expired SSO login is not renewed here: run aws-sso-tray login PROFILE first.',
    ],
    options: { print: { type: 'boolean' } },
    async run(ctx, values, positionals) {
      const [profile, ...extra] = positionals
      if (profile === undefined || extra.length > 0) throw new UsageError('console takes exactly one PROFILE')
      const { runConsole } = await import('./commands/console.ts')
      return runConsole(ctx, { profile, print: values.print === true })
    },
  },
  ensure: {
    usage: 'aws-sso-tray ensure [PROFILE] [--json] [--timeout S] [--verify]',
    summary:
      'Make sure PROFILE (default $AWS_PROFILE) has a usable login: exit 0 at once when it has; else ask the person through the running tray (or log in here without one) and wait. For scripts and coding agents.',
    options: { json: { type: 'boolean' }, timeout: { type: 'string', default: '600' }, verify: { type: 'boolean' } },
    async run(ctx, values, positionals) {
      if (positionals.length > 1) throw new UsageError('ensure takes at most one PROFILE')
      const timeoutS = timeoutSeconds(values.timeout)
      const { runEnsure } = await import('./commands/ensure.ts')
      return untilSignalled((signal) =>
        runEnsure(ctx, { profile: positionals[0], json: values.json === true, timeoutS, verify: values.verify === true, signal }),
      )
    },
  },
  config: {
    usage: 'aws-sso-tray config path|show [--json]',
    summary: 'Where the settings file is, or the settings in effect with where each came from and any mistakes (exit 1 when there are some).',
    options: { json: { type: 'boolean' } },
    async run(ctx, values, positionals) {
      if (positionals.length > 1) throw new UsageError('config takes one action: path or show')
      const { runConfig } = await import('./commands/config.ts')
      return runConfig(ctx, { action: positionals[0], json: values.json === true })
    },
  },
  doctor: {
    usage: 'aws-sso-tray doctor [--json]',
    summary: 'Check the AWS CLI, tmux, clipboard, display, tray and notification prerequisites.',
    options: { json: { type: 'boolean' } },
    async run(ctx, values, positionals) {
      if (positionals.length > 0) throw new UsageError(`doctor takes no arguments (got ${positionals.join(' ')})`)
      const { runDoctor } = await import('./commands/doctor.ts')
      return runDoctor(ctx, { json: values.json === true })
    },
  },
  autostart: {
    usage: 'aws-sso-tray autostart enable|disable|status [--json]',
    summary: 'Start the tray with the desktop session (XDG autostart, LaunchAgent, Startup folder), or stop doing so.',
    options: { json: { type: 'boolean' } },
    async run(ctx, values, positionals) {
      const [action, ...extra] = positionals
      if ((action !== 'enable' && action !== 'disable' && action !== 'status') || extra.length > 0) {
        const guess = action === undefined ? undefined : closest(action, ['enable', 'disable', 'status'])
        throw new UsageError(
          action === undefined
            ? 'autostart needs enable, disable or status'
            : `unknown autostart action ${JSON.stringify(positionals.join(' '))}${guess && extra.length === 0 ? ` — did you mean ${guess}?` : ''}`,
          'usage: aws-sso-tray autostart enable|disable|status [--json]',
        )
      }
      const { runAutostart, thisInstallation } = await import('./commands/autostart.ts')
      // The entry starts this very installation: this Node and this bundle, by absolute path.
      return runAutostart(ctx, { action, json: values.json === true, target: thisInstallation() })
    },
  },
  completion: {
    usage: 'aws-sso-tray completion bash|zsh|fish',
    summary: 'Print a shell completion script (commands, options, profile names), e.g. source <(aws-sso-tray completion bash).',
    options: {},
    async run(ctx, _values, positionals) {
      if (positionals.length > 1) throw new UsageError('completion takes one shell: bash, zsh or fish')
      const { runCompletion } = await import('./commands/completion.ts')
      return runCompletion(ctx, positionals[0], completionCommands())
    },
  },
  __complete: {
    usage: 'aws-sso-tray __complete profiles',
    summary: 'Profile names, one a line, for the completion scripts.',
    hidden: true,
    options: {},
    async run(ctx, _values, positionals) {
      const { runCompleteQuery } = await import('./commands/completion.ts')
      return runCompleteQuery(ctx, positionals[0])
    },
  },
}

/**
 * parseArgs, with our own one-line errors: its messages quote the option unevenly and suggest
 * `--` where the user most likely mistyped a name. Plain lines skip it (src/startup/plain-args.ts).
 */
function parseCommandArgs(command: Command, args: string[]): { values: Values; positionals: string[] } {
  const options: Options = { ...COMMON, ...command.options }
  const plain = plainArgs(args, options)
  if (plain) return plain
  const usage = `usage: ${command.usage}`
  const loose = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true })
  for (const token of loose.tokens) {
    if (token.kind !== 'option') continue
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined
    if (!spec) {
      const guess = token.rawName.startsWith('--') ? closest(token.name, Object.keys(options)) : undefined
      throw new UsageError(`unknown option ${token.rawName}${guess ? ` — did you mean --${guess}?` : ''}`, usage)
    }
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new UsageError(`option ${token.rawName} needs a value`, usage)
    }
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`option ${token.rawName} takes no value`, usage)
  }
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true })
    return { values, positionals }
  } catch (error) {
    // Not reached by the checks above; kept so a parseArgs change still ends in a usage error.
    throw new UsageError((error as Error).message, usage)
  }
}

/** A repeatable string option's values. */
function strings(v: Values[string]): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []
}

/** The shell's convention: 128 + the signal number (Ctrl-C 130, SIGTERM 143). */
export function signalExitCode(sig: NodeJS.Signals): number {
  return sig === 'SIGINT' ? 130 : sig === 'SIGTERM' ? 143 : 1
}

/**
 * Runs a login-like command that SIGINT/SIGTERM cancel (its clean-up still runs); the exit code
 * then says which signal ended it. `on`, not `once`: execa's signal-exit re-raises a signal when
 * it finds no other listener, which would kill us before the cancelled login has cleaned up.
 */
async function untilSignalled(run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const abort = new AbortController()
  let signalled: NodeJS.Signals | null = null
  const onSignal = (sig: NodeJS.Signals) => {
    signalled ??= sig
    abort.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const code = await run(abort.signal)
    return signalled ? signalExitCode(signalled) : code
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** --timeout: seconds, more than 0 and at most a day (timers misfire past 2^31 ms). */
function timeoutSeconds(value: unknown): number {
  const s = Number(value)
  if (!(s > 0 && s <= 86_400)) throw new UsageError('--timeout must be a number of seconds above 0, at most 86400 (a day)')
  return s
}

function waitForEnter(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('data', () => resolve())
    process.stdin.resume()
  })
}

/** What the shell completion offers: every visible command, its options and what its arguments are. */
function completionCommands(): CompletionCommand[] {
  const args: Record<string, CompletionCommand['args']> = {
    status: 'profiles',
    check: 'profiles',
    login: 'profiles',
    ensure: 'profiles',
    console: 'profiles',
    autostart: ['enable', 'disable', 'status'],
    completion: ['bash', 'zsh', 'fish'],
    config: ['path', 'show'],
  }
  // Values of options that take one (by option name; the rest take free text or a number).
  const values: Record<string, CompletionCommand['args']> = { state: TOKEN_STATES, session: 'sessions' }
  return Object.entries(COMMANDS)
    .filter(([, c]) => !c.hidden)
    .map(([name, c]) => ({
      name,
      summary: c.summary,
      options: Object.keys(c.options),
      values: Object.fromEntries(
        Object.entries(c.options)
          .filter(([, o]) => o.type === 'string')
          .map(([o]) => [o, values[o] ?? 'none']),
      ),
      args: args[name] ?? 'none',
    }))
}

/** The overview. The settings table is loaded only here (every setting, from the one table). */
export async function mainHelp(): Promise<string> {
  const { OPTIONS, settingsHelpLines } = await import('./settings-options.ts')
  const lines = Object.entries(COMMANDS)
    .filter(([, c]) => !c.hidden)
    .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  const width = Math.max(...OPTIONS.map((o) => o.env.length))
  const aws = (name: string, what: string) => `  ${name.padEnd(width)}  ${what}`
  return [
    'aws-sso-tray: keep AWS IAM Identity Center (SSO) sessions in view.',
    '',
    'Usage: aws-sso-tray [command] [options]     (no command: start the tray)',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --help and --version.',
    '',
    'Environment (each setting also goes in ~/.config/aws-sso-tray/config.ini; the environment wins;',
    'aws-sso-tray config show prints what is in effect):',
    ...settingsHelpLines(),
    aws('AWS_CONFIG_FILE', 'the AWS config file (default ~/.aws/config)'),
    aws('AWS_SHARED_CREDENTIALS_FILE', 'the AWS credentials file (default ~/.aws/credentials)'),
    aws('AWS_PROFILE', 'the profile login and ensure use when none is named'),
    '',
  ].join('\n')
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return `aws-sso-tray ${pkg.version}\n`
}

export async function main(argv: readonly string[], ctx: CommandContext): Promise<number> {
  // No command: the tray, which is what people install this for. Where no desktop can show it (a
  // server, an SSH shell, an agent's sandbox) say so and list the commands instead of idling.
  if (argv.length === 0 && ctx.platform === 'linux' && !ctx.env.DISPLAY && !ctx.env.WAYLAND_DISPLAY) {
    ctx.out.stderr('No display: the tray needs a desktop session (DISPLAY or WAYLAND_DISPLAY). Use a command, or aws-sso-tray tray to run it anyway.\n\n')
    ctx.out.stdout(await mainHelp())
    return 2
  }
  const [name = 'tray', ...rest] = argv
  if (name === 'help' || name === '--help' || name === '-h') {
    ctx.out.stdout(await mainHelp())
    return 0
  }
  if (name === '--version' || name === '-v') {
    ctx.out.stdout(version())
    return 0
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    const guess = closest(
      name,
      Object.keys(COMMANDS).filter((n) => !COMMANDS[n]?.hidden),
    )
    if (name.startsWith('-')) {
      const option = name.startsWith('--') ? closest(name.slice(2), ['help', 'version']) : undefined
      throw new UsageError(
        `unknown option ${name}${option ? ` — did you mean --${option}?` : ''}`,
        'run aws-sso-tray --help for the commands and their options',
      )
    }
    throw new UsageError(`unknown command ${JSON.stringify(name)}${guess ? ` — did you mean ${guess}?` : ''}`, 'run aws-sso-tray --help for the list')
  }
  const parsed = parseCommandArgs(command, rest)
  if (parsed.values.help) {
    ctx.out.stdout(`Usage: ${command.usage}\n\n${command.summary}\n${command.details ? `\n${command.details.join('\n')}\n` : ''}`)
    return 0
  }
  if (parsed.values.version) {
    ctx.out.stdout(version())
    return 0
  }
  return command.run(ctx, parsed.values, parsed.positionals)
}
