// The quiet refresh probe, with a fixed clock: once per token, network failures retried with
// back-off (1, 2, 4 … 30 min), anything else final; a new token starts over; a wake-up retries.

import { describe, expect, it } from 'vitest'
import { planProbes, probeAnswered, probeBackoffMs, probesAfterWake, tokenKey } from '../../src/core/tray/probe.ts'
import { group, min, NOW } from '../fakes/groups.ts'

const NET = { class: 'network' as const, message: 'Could not connect to the endpoint URL' }

describe('quiet refresh probe', () => {
  it('backs off 1, 2, 4, 8, 16, then 30 minutes at most', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => probeBackoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 30, 30, 30])
  })

  it('probes a refreshable token once; retries network failures only when due; stops on any other answer', () => {
    const g = group('r', 'refreshable', min(10))
    const first = planProbes([g], {}, NOW)
    expect(first.due).toEqual([g.id])
    expect(planProbes([g], first.probes, NOW + 1).due).toEqual([]) // running: not twice

    let p = probeAnswered(first.probes[g.id]!, NET, NOW)
    expect(p).toMatchObject({ attempts: 1, nextAt: min(1), running: false, lastError: NET.message })
    expect(planProbes([g], { [g.id]: p }, min(1) - 1).due).toEqual([])
    const second = planProbes([g], { [g.id]: p }, min(1))
    expect(second.due).toEqual([g.id])
    p = probeAnswered(second.probes[g.id]!, NET, min(1))
    expect(p.nextAt).toBe(min(3))
    p = probeAnswered({ ...p, running: true }, { class: 'auth-expired', message: 'Token has expired and refresh failed' }, min(3))
    expect(p).toMatchObject({ attempts: 3, nextAt: null, running: false, lastError: null })
    expect(planProbes([g], { [g.id]: p }, min(60)).due).toEqual([]) // done for this token
  })

  it('a timeout is retried like a network failure; a success ends the probing', () => {
    const running = { token: 't', attempts: 0, nextAt: NOW, running: true, lastError: null }
    const timedOut = probeAnswered(running, { class: 'timeout', message: 'aws sts get-caller-identity timed out' }, NOW)
    expect(timedOut).toEqual({ token: 't', attempts: 1, nextAt: min(1), running: false, lastError: 'aws sts get-caller-identity timed out' })
    expect(probeAnswered({ ...timedOut, running: true }, null, min(1))).toEqual({ token: 't', attempts: 2, nextAt: null, running: false, lastError: null })
  })

  it('keys a probe by the token: its group and expiry ("none" without one)', () => {
    expect(tokenKey({ id: 'sso-session:corp', expiresAt: min(10) })).toBe(`sso-session:corp|${min(10)}`)
    expect(tokenKey({ id: 'sso-session:corp', expiresAt: null })).toBe('sso-session:corp|none')
  })

  it('a new token starts over; tokens that are not refreshable have no probe', () => {
    const g = group('r', 'refreshable', min(10))
    const done = { [g.id]: { token: `${g.id}|${g.expiresAt}`, attempts: 1, nextAt: null, running: false, lastError: null } }
    const renewed = group('r', 'refreshable', min(70))
    expect(planProbes([renewed], done, NOW).due).toEqual([g.id])
    expect(planProbes([group('r', 'valid', min(70))], done, NOW)).toEqual({ probes: {}, due: [] })
    expect(planProbes([group('r', 'refreshable', min(10), ['x'], { loginProfile: null })], {}, NOW).due).toEqual([])
  })

  it('after a wake-up, a retry that waits runs at once (the network is often back)', () => {
    const waiting = { token: 't', attempts: 3, nextAt: min(4), running: false, lastError: 'offline' }
    const done = { token: 'u', attempts: 1, nextAt: null, running: false, lastError: null }
    // A first probe still under way (no answer, so no error yet) keeps its time.
    const first = { token: 'v', attempts: 0, nextAt: min(-2), running: true, lastError: null }
    expect(probesAfterWake({ a: waiting, b: done, c: first }, NOW)).toEqual({ a: { ...waiting, nextAt: NOW }, b: done, c: first })
  })
})
