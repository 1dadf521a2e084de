// Fallback for hosts without tmux (Windows, minimal systems): the CLI runs as a detached child
// with stdout and stderr appended to the same private log. Same surface as the tmux runner, so
// the login flow does not know which one it has. The AWS CLI flushes its prompt after each write,
// so the URL arrives through the file even with PYTHONUNBUFFERED unset (tested).
// A session here lives only as long as this process knows its child: nothing to adopt after a crash.

import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import type { PaneState, TmuxStart } from './tmux-runner.ts'

export function createDetachedRunner() {
  const children = new Map<string, ChildProcess>()
  const exits = new Map<string, number | null>()
  return {
    start(s: TmuxStart): Promise<void> {
      const fd = openSync(s.logFile, 'a', 0o600)
      return new Promise<void>((resolve, reject) => {
        const child = spawn(s.command, [...s.args], { detached: true, stdio: ['ignore', fd, fd], env: { ...s.env } })
        children.set(s.session, child)
        child.once('spawn', () => {
          closeSync(fd)
          resolve()
        })
        child.once('error', (e) => {
          closeSync(fd)
          reject(new Error(`cannot start ${s.command}: ${e.message}`))
        })
        child.once('exit', (code, signal) => exits.set(s.session, code ?? (signal ? 128 : null)))
      })
    },
    state(session: string): Promise<PaneState> {
      if (exits.has(session)) return Promise.resolve({ state: 'exited', exitCode: exits.get(session) ?? null })
      return Promise.resolve(children.has(session) ? { state: 'running' } : { state: 'gone' })
    },
    kill(session: string): Promise<void> {
      const child = children.get(session)
      if (child?.pid !== undefined && !exits.has(session)) {
        try {
          process.kill(-child.pid, 'SIGTERM') // the whole process group: the CLI and anything it started
        } catch {
          child.kill('SIGTERM')
        }
      }
      children.delete(session)
      return Promise.resolve()
    },
    list(): Promise<string[]> {
      return Promise.resolve([...children.keys()].filter((k) => !exits.has(k)))
    },
  }
}
