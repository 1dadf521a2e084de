// The ensure helpers of the tray core called directly: what a caller that joins late hears, how
// login reports become caller events, and which requests a final event or a phase change touches.

import { describe, expect, it } from 'vitest'
import { catchUp, ensureEventOf, sendTo, withPhase } from '../../src/core/tray/ensure.ts'
import type { EnsureEntry, TrayEffect } from '../../src/core/tray/state.ts'
import { view } from '../fakes/groups.ts'

const req = (group: string, phase: EnsureEntry['phase']): EnsureEntry => ({ profile: 'dev', group, requester: 'make', phase })

describe('ensure helpers', () => {
  it('a login note reaches the callers as a note', () => {
    expect(ensureEventOf({ type: 'note', message: 'opening the browser' })).toEqual({ type: 'note', message: 'opening the browser' })
  })

  it('a late caller hears the URL (flow unknown when not told) and the code, each only once known', () => {
    const l = { profile: 'dev', phase: 'waiting-user' as const, url: null, userCode: null }
    expect(catchUp(l)).toEqual([])
    expect(catchUp({ ...l, url: 'https://device.sso/' })).toEqual([{ type: 'url', url: 'https://device.sso/', flow: 'unknown' }])
    expect(catchUp({ ...l, url: 'https://device.sso/', flow: 'device', userCode: 'ABCD-EFGH' })).toEqual([
      { type: 'url', url: 'https://device.sso/', flow: 'device' },
      { type: 'code', userCode: 'ABCD-EFGH' },
    ])
    expect(catchUp({ ...l, userCode: 'ABCD-EFGH' })).toEqual([{ type: 'code', userCode: 'ABCD-EFGH' }])
  })

  it('a final event drops just those requests; to nobody it changes nothing', () => {
    const s = view([], { requests: { a: req('g1', 'following'), b: req('g1', 'following'), c: req('g2', 'asked') } })
    const fx: TrayEffect[] = []
    expect(sendTo(s, [], { type: 'failed', class: 'cli-error', message: 'x' }, fx)).toBe(s)
    expect(fx).toEqual([])
    expect(sendTo(s, ['a'], { type: 'verified', account: '1', arn: 'arn' }, fx).requests).toEqual({ b: req('g1', 'following'), c: req('g2', 'asked') })
    expect(sendTo(s, ['a', 'b'], { type: 'declined', profile: 'dev' }, fx).requests).toEqual({ c: req('g2', 'asked') })
    expect(sendTo(s, ['a'], { type: 'note', message: 'n' }, fx)).toBe(s)
    expect(fx.map((e) => (e.type === 'ensure-send' ? `${e.id}:${e.event.type}` : e.type))).toEqual(['a:verified', 'a:declined', 'b:declined', 'a:note'])
  })

  it('a phase change moves the named requests that exist, and nothing when none are named', () => {
    const s = view([], { requests: { a: req('g1', 'asked'), b: req('g1', 'asked') } })
    expect(withPhase(s, [], 'following')).toBe(s)
    expect(withPhase(s, ['a', 'gone'], 'checking').requests).toEqual({ a: req('g1', 'checking'), b: req('g1', 'asked') })
  })
})
