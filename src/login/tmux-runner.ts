// Runs a command in a detached tmux session on our own socket, its output appended to a private
// log, its exit status kept (remain-on-exit). Every word is its own argv element after `--`, so
// tmux execs the command without a shell; only pipe-pane takes a shell string (with tmux formats
// expanded first), and it gets our own log path, which is checked to hold no shell or format syntax.
//
// tmux 3.3a can drop all output of a command that ends within a millisecond or two of starting
// (its pane's screen stays empty too; seen about once in 200 under load). The AWS CLI needs far
// longer than that to start, so its output always arrives; test scripts print after a short wait.
//
// A session is identified by its id ($N) plus its log path: tmux reuses ids after its server
// restarts, the log path (random per login) never repeats, so a kill can only hit the session it means.

import type { ProcessRunner } from '../ports.ts'

export const TMUX_SOCKET = 'aws-sso-tray'

/** The pane runs `env -i -- K=V ... command args`: a tmux server started earlier keeps its own old environment. */
export const ENV_PROGRAM = '/usr/bin/env'

export interface SessionStart {
  session: string
  command: string
  args: readonly string[]
  /** The whole environment of the command (nothing is inherited from the runner or the tmux server). */
  env: Readonly<Record<string, string>>
  logFile: string
  /** Process id of the aws-sso-tray that owns (and alone cleans up) the session. */
  owner: number
}

/** One login session: its runner id and its log, which together name it uniquely. */
export interface SessionHandle {
  id: string
  logFile: string
}

/** exitCode null: tmux recorded no status (seen after the client that started the pane died). */
export type PaneState = { state: 'running' } | { state: 'exited'; exitCode: number | null } | { state: 'gone' }

export interface SessionInfo extends SessionHandle {
  /** null: the session carries no owner (not started by this version). */
  owner: number | null
  pane: PaneState
}

/** `created: false`: a session of that name exists already (another start won the race). */
export type StartResult = { created: true; handle: SessionHandle } | { created: false }

/** What the login needs from a runner: tmux, or the detached fallback. */
export interface LoginRunner {
  start(s: SessionStart): Promise<StartResult>
  find(session: string): Promise<SessionInfo | undefined>
  state(h: SessionHandle): Promise<PaneState>
  /** Marks `owner` as the session's owner (taking over a session whose owner died). */
  adopt(h: SessionHandle, owner: number): Promise<void>
  kill(h: SessionHandle): Promise<void>
  list(): Promise<string[]>
}

/** Safe inside a shell string and a tmux format: no quotes, spaces, `$`, `#`, `;`, `,`. */
export const SAFE_PATH = /^[A-Za-z0-9_./-]+$/
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/
const LOG_OPTION = '@aws_sso_tray_log'
const OWNER_OPTION = '@aws_sso_tray_owner'
// Printable: tmux turns a tab into `_` when the client has no UTF-8 locale (seen under `env -i`).
const SEP = '|'

/** The pane's argv: `env -i` clears what the tmux server would hand down, then sets exactly `env`. */
export function paneArgv(command: string, args: readonly string[], env: Readonly<Record<string, string>>): string[] {
  // env takes the first word without `=` as the program: a `=` in the command would become a variable.
  if (command.includes('=')) throw new Error(`the AWS CLI path must not contain "=": ${command}`)
  const vars = Object.entries(env).map(([k, v]) => {
    if (!ENV_KEY.test(k)) throw new Error(`not an environment variable name: ${k}`)
    return `${k}=${v}`
  })
  // `--` before the assignments: GNU env stops option parsing at the first operand and would run
  // a later `--` as the program; BSD and GNU both accept it here.
  return [ENV_PROGRAM, '-i', '--', ...vars, command, ...args]
}

/**
 * tmux reads an argument that ends in `;` as the end of a command (and `\;` as a literal `;`),
 * even after `--`: `dev;` would cut the pane's argv short. A backslash before that last `;` makes
 * tmux hand the word over as written (`dev;` stays `dev;`, `dev\;` stays `dev\;`).
 */
export function tmuxWord(word: string): string {
  return word.endsWith(';') ? `${word.slice(0, -1)}\\;` : word
}

// A pane seen dead without a status: tmux read its end before the exit itself (SIGCHLD). Asked
// again a few times before the status counts as unknown.
const STATUS_RETRIES = 5
const STATUS_WAIT_MS = 40
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function createTmuxRunner(runner: ProcessRunner, socket = TMUX_SOCKET, sleep: (ms: number) => Promise<void> = wait): LoginRunner & { socket: string } {
  const tmux = (args: string[]) => runner.run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { timeoutMs: 10_000 })
  const target = (session: string) => `=${session}:`
  const paneState = (dead: string | undefined, status: string | undefined, signal: string | undefined): PaneState => {
    if (dead !== '1') return { state: 'running' }
    if (status !== undefined && status !== '') return { state: 'exited', exitCode: Number(status) }
    return { state: 'exited', exitCode: signal !== undefined && signal !== '' ? 128 + Number(signal) : null }
  }
  const FORMAT = ['#{session_id}', '#{pane_dead}', '#{pane_dead_status}', '#{pane_dead_signal}', `#{${OWNER_OPTION}}`, `#{${LOG_OPTION}}`].join(SEP)
  return {
    socket,
    async start(s) {
      if (!SAFE_PATH.test(s.logFile)) throw new Error(`unsafe log path for pipe-pane: ${s.logFile}`)
      const r = await tmux([
        'new-session',
        '-d',
        '-P',
        '-F',
        '#{session_id}',
        '-s',
        s.session,
        '-x',
        '250',
        '-y',
        '50',
        '--',
        ...paneArgv(s.command, s.args, s.env).map(tmuxWord),
        ';',
        'set-option',
        '-t',
        target(s.session),
        'remain-on-exit',
        'on',
        ';',
        'set-option',
        '-t',
        target(s.session),
        LOG_OPTION,
        s.logFile,
        ';',
        'set-option',
        '-t',
        target(s.session),
        OWNER_OPTION,
        String(s.owner),
        ';',
        'pipe-pane',
        '-t',
        target(s.session),
        '-o',
        `cat >> ${s.logFile}`,
      ])
      if (r.notFound) throw new Error('tmux not found')
      if (r.exitCode !== 0 && /duplicate session/.test(r.stderr)) return { created: false }
      const id = r.stdout.trim().split('\n')[0] ?? ''
      // A later step failed after the session was made: do not leave it running unmarked.
      if (r.exitCode !== 0 && /^\$\d+$/.test(id)) await tmux(['kill-session', '-t', id])
      if (r.exitCode !== 0 || !/^\$\d+$/.test(id)) throw new Error(`tmux new-session failed: ${r.stderr.trim() || `exit ${r.exitCode ?? '?'}`}`)
      return { created: true, handle: { id, logFile: s.logFile } }
    },
    async find(session) {
      const r = await tmux(['list-panes', '-t', target(session), '-F', FORMAT])
      if (r.exitCode !== 0) return undefined
      const [id = '', dead, status, signal, owner = '', logFile = ''] = (r.stdout.split('\n')[0] ?? '').split(SEP)
      return {
        id,
        logFile,
        owner: /^\d+$/.test(owner) ? Number(owner) : null,
        pane: paneState(dead, status, signal),
      }
    },
    async state(h) {
      for (let i = 0; ; i++) {
        const r = await tmux(['list-panes', '-t', `${h.id}:`, '-F', FORMAT])
        const [, dead, status, signal, , logFile] = (r.stdout.split('\n')[0] ?? '').split(SEP)
        // Another log under the same id: ours is gone and tmux reused the id after a restart.
        if (r.exitCode !== 0 || logFile !== h.logFile) return { state: 'gone' }
        const pane = paneState(dead, status, signal)
        if (pane.state !== 'exited' || pane.exitCode !== null || i >= STATUS_RETRIES) return pane
        await sleep(STATUS_WAIT_MS)
      }
    },
    async adopt(h, owner) {
      await tmux(['if-shell', '-F', '-t', `${h.id}:`, sameLog(h), `set-option -t '${h.id}:' ${OWNER_OPTION} ${owner}`])
    },
    async kill(h) {
      // Checked and killed in one server step: no other client can slip in between.
      await tmux(['if-shell', '-F', '-t', `${h.id}:`, sameLog(h), `kill-session -t '${h.id}'`])
    },
    async list() {
      const r = await tmux(['list-sessions', '-F', '#{session_name}'])
      return r.exitCode === 0 ? r.stdout.split('\n').filter((l) => l !== '') : []
    },
  }
}

function sameLog(h: SessionHandle): string {
  if (!SAFE_PATH.test(h.logFile) || !/^\$\d+$/.test(h.id)) throw new Error(`not a login session: ${h.id} ${h.logFile}`)
  return `#{==:#{${LOG_OPTION}},${h.logFile}}`
}
