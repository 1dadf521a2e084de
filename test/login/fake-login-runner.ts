// A recording LoginRunner: sessions live in a map, every call is logged, and a test can script
// what the next start finds (e.g. another process creating the session first: a lost race).

import type { LoginRunner, PaneState, SessionHandle, SessionInfo, SessionStart } from '../../src/login/tmux-runner.ts'

export interface FakeSession extends SessionInfo {
  name: string
}

export function fakeLoginRunner(initial: FakeSession[] = []) {
  const sessions = new Map<string, FakeSession>(initial.map((s) => [s.name, { ...s }]))
  const calls: string[] = []
  const starts: SessionStart[] = []
  let nextId = 100
  /** Runs before a start creates its session: a rival may create one first. */
  let beforeStart: ((s: SessionStart) => void) | null = null
  const same = (s: FakeSession, h: SessionHandle) => s.id === h.id && s.logFile === h.logFile
  const byHandle = (h: SessionHandle) => [...sessions.values()].find((s) => same(s, h))
  const runner: LoginRunner = {
    start(s) {
      calls.push(`start ${s.session}`)
      starts.push(s)
      beforeStart?.(s)
      if (sessions.has(s.session)) return Promise.resolve({ created: false })
      const handle = { id: `$${nextId++}`, logFile: s.logFile }
      sessions.set(s.session, { name: s.session, ...handle, owner: s.owner, pane: { state: 'running' } })
      return Promise.resolve({ created: true, handle })
    },
    find(name) {
      calls.push(`find ${name}`)
      const s = sessions.get(name)
      return Promise.resolve(s ? { id: s.id, logFile: s.logFile, owner: s.owner, pane: s.pane } : undefined)
    },
    state(h) {
      calls.push(`state ${h.id}`)
      return Promise.resolve(byHandle(h)?.pane ?? { state: 'gone' })
    },
    adopt(h, owner) {
      calls.push(`adopt ${h.id} ${owner}`)
      const s = byHandle(h)
      if (s) s.owner = owner
      return Promise.resolve()
    },
    kill(h) {
      calls.push(`kill ${h.id}`)
      const s = byHandle(h)
      if (s) sessions.delete(s.name)
      return Promise.resolve()
    },
    list() {
      calls.push('list')
      return Promise.resolve([...sessions.keys()])
    },
  }
  return {
    runner,
    calls,
    starts,
    sessions,
    onStart(fn: (s: SessionStart) => void) {
      beforeStart = fn
    },
    setPane(name: string, pane: PaneState) {
      const s = sessions.get(name)
      if (s) s.pane = pane
    },
  }
}
