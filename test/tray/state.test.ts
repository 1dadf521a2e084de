// The tray's first state, from what the last run saved: running snoozes only, at least one check
// at a time, nothing else carried over.

import { describe, expect, it } from 'vitest'
import { initialTrayState } from '../../src/core/tray/state.ts'

const NOW = Date.parse('2026-12-01T12:00:00Z')

describe('initial tray state', () => {
  it('keeps the notice memory and the snoozes still running (one ending now is over)', () => {
    const s = initialTrayState({ shown: { k: NOW - 1 }, lastSeen: NOW - 5, snoozes: { '*': NOW, a: NOW + 1, b: NOW - 1 } }, NOW, 4)
    expect(s.snoozes).toEqual({ a: NOW + 1 })
    expect(s.memory).toEqual({ shown: { k: NOW - 1 }, lastSeen: NOW - 5 })
    expect(s.groups).toEqual([])
    expect(s.concurrency).toBe(4)
    expect(s.sessions).toEqual({})
  })

  it('checks at least one profile at a time', () => {
    const memory = { shown: {}, lastSeen: null, snoozes: {} }
    expect(initialTrayState(memory, NOW, 0).concurrency).toBe(1)
    expect(initialTrayState(memory, NOW, -3).concurrency).toBe(1)
    expect(initialTrayState(memory, NOW, 1, { x: { startedAt: null, learnedMs: [], tag: null } }).sessions).toEqual({
      x: { startedAt: null, learnedMs: [], tag: null },
    })
  })
})
