// Fallback for hosts without tmux (Windows, minimal systems): the CLI runs as a detached child
// with stdout and stderr appended to the same private log. Same surface as the tmux runner, so
// the login flow does not know which one it has. The AWS CLI flushes its prompt after each write,
// so the URL arrives through the file even with PYTHONUNBUFFERED unset (tested).
// A session here lives only as long as this process knows its child: nothing to adopt after a crash,
// and this process owns every session it lists.

import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, constants, openSync } from 'node:fs'
import type { LoginRunner, PaneState, SessionHandle, SessionStart } from './tmux-runner.ts'

interface Entry {
  handle: SessionHandle
  child: ChildProcess
  exit: { code: number | null } | null
}

export function createDetachedRunner(): LoginRunner {
  const sessions = new Map<string, Entry>()
  let next = 0
  const byHandle = (h: SessionHandle): Entry | undefined => [...sessions.values()].find((e) => e.handle.id === h.id && e.handle.logFile === h.logFile)
  const paneOf = (e: Entry): PaneState => (e.exit ? { state: 'exited', exitCode: e.exit.code } : { state: 'running' })
  return {
    start(s: SessionStart) {
      if (sessions.has(s.session)) return Promise.resolve({ created: false })
      // The log was created (O_EXCL) by the caller; never follow a link planted since.
      const fd = openSync(s.logFile, constants.O_WRONLY | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0))
      const handle = { id: `detached-${next++}`, logFile: s.logFile }
      return new Promise((resolve, reject) => {
        const child = spawn(s.command, [...s.args], { detached: true, stdio: ['ignore', fd, fd], env: { ...s.env } })
        const entry: Entry = { handle, child, exit: null }
        sessions.set(s.session, entry)
        child.once('spawn', () => {
          closeSync(fd)
          resolve({ created: true, handle })
        })
        child.once('error', (e) => {
          closeSync(fd)
          sessions.delete(s.session)
          reject(new Error(`cannot start ${s.command}: ${e.message}`))
        })
        child.once('exit', (code, signal) => {
          entry.exit = { code: code ?? (signal ? 128 : null) }
        })
      })
    },
    find(session) {
      const e = sessions.get(session)
      return Promise.resolve(e ? { ...e.handle, owner: process.pid, pane: paneOf(e) } : undefined)
    },
    state(h) {
      const e = byHandle(h)
      return Promise.resolve(e ? paneOf(e) : { state: 'gone' })
    },
    adopt() {
      return Promise.resolve()
    },
    kill(h) {
      const e = byHandle(h)
      if (!e) return Promise.resolve()
      if (e.child.pid !== undefined && !e.exit) {
        try {
          process.kill(-e.child.pid, 'SIGTERM') // the whole process group: the CLI and anything it started
        } catch {
          e.child.kill('SIGTERM')
        }
      }
      for (const [name, v] of sessions) if (v === e) sessions.delete(name)
      return Promise.resolve()
    },
    list() {
      return Promise.resolve([...sessions.keys()])
    },
  }
}
