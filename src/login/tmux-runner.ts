// Runs a command in a detached tmux session on our own socket, its output appended to a private
// log, its exit status kept (remain-on-exit). Every word is its own argv element after `--`, so
// tmux execs the command without a shell; only pipe-pane takes a shell string, and it gets our own
// log path, which is checked to hold no shell syntax.

import type { ProcessRunner } from '../ports.ts'

export const TMUX_SOCKET = 'aws-sso-tray'

export interface TmuxStart {
  session: string
  command: string
  args: readonly string[]
  /** Passed with -e: a running tmux server would otherwise give the pane its own old environment. */
  env: Readonly<Record<string, string>>
  logFile: string
}

/** exitCode null: tmux recorded no status (seen after the client that started the pane died). */
export type PaneState = { state: 'running' } | { state: 'exited'; exitCode: number | null } | { state: 'gone' }

const SAFE_PATH = /^[A-Za-z0-9_./-]+$/

export function createTmuxRunner(runner: ProcessRunner, socket = TMUX_SOCKET) {
  const tmux = (args: string[]) => runner.run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { timeoutMs: 10_000 })
  const target = (session: string) => `=${session}:`
  return {
    async start(s: TmuxStart): Promise<void> {
      if (!SAFE_PATH.test(s.logFile)) throw new Error(`unsafe log path for pipe-pane: ${s.logFile}`)
      const env = Object.entries(s.env).flatMap(([k, v]) => ['-e', `${k}=${v}`])
      const r = await tmux([
        'new-session', '-d', '-s', s.session, '-x', '250', '-y', '50', ...env, '--', s.command, ...s.args,
        ';', 'set-option', '-t', target(s.session), 'remain-on-exit', 'on',
        ';', 'pipe-pane', '-t', target(s.session), '-o', `cat >> ${s.logFile}`,
      ])
      if (r.notFound) throw new Error('tmux not found')
      if (r.exitCode !== 0) throw new Error(`tmux new-session failed: ${r.stderr.trim() || `exit ${r.exitCode ?? '?'}`}`)
    },
    async state(session: string): Promise<PaneState> {
      const r = await tmux(['list-panes', '-t', target(session), '-F', '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}'])
      if (r.exitCode !== 0) return { state: 'gone' }
      const [dead, status = '', signal = ''] = r.stdout.trim().split(':')
      if (dead !== '1') return { state: 'running' }
      if (status !== '') return { state: 'exited', exitCode: Number(status) }
      return { state: 'exited', exitCode: signal !== '' ? 128 + Number(signal) : null }
    },
    async kill(session: string): Promise<void> {
      await tmux(['kill-session', '-t', target(session)])
    },
    async list(): Promise<string[]> {
      const r = await tmux(['list-sessions', '-F', '#{session_name}'])
      return r.exitCode === 0 ? r.stdout.split('\n').filter((l) => l !== '') : []
    },
  }
}

export type TmuxRunner = ReturnType<typeof createTmuxRunner>
