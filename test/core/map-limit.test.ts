import { describe, expect, it } from 'vitest'
import { mapLimit } from '../../src/core/map-limit.ts'

/** Tasks that finish only when the test says so, recording how many ran at once. */
function gate() {
  const open: Array<() => void> = []
  let running = 0
  let peak = 0
  const fn = async (item: string, index: number): Promise<string> => {
    running++
    peak = Math.max(peak, running)
    await new Promise<void>((resolve) => open.push(resolve))
    running--
    return `${item}@${index}`
  }
  const drain = async () => {
    while (open.length > 0) {
      open.shift()!()
      await new Promise((r) => setImmediate(r))
    }
  }
  return { fn, drain, started: () => open.length, peak: () => peak }
}

describe('mapLimit', () => {
  it('keeps result order and never runs more than the limit', async () => {
    const g = gate()
    const settled: Array<[number, number]> = []
    const done = mapLimit(['a', 'b', 'c', 'd', 'e'], 2, g.fn, (n, total) => settled.push([n, total]))
    await new Promise((r) => setImmediate(r))
    expect(g.started()).toBe(2)
    await g.drain()
    expect(await done).toEqual(['a@0', 'b@1', 'c@2', 'd@3', 'e@4'])
    expect(g.peak()).toBe(2)
    expect(settled).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ])
  })

  it('runs everything at once when the limit is at least the item count', async () => {
    const g = gate()
    const done = mapLimit(['a', 'b', 'c'], 8, g.fn)
    await new Promise((r) => setImmediate(r))
    expect(g.started()).toBe(3)
    await g.drain()
    expect(await done).toEqual(['a@0', 'b@1', 'c@2'])
  })

  it('still makes progress with a limit below one', async () => {
    const g = gate()
    const done = mapLimit(['a', 'b'], 0, g.fn)
    await new Promise((r) => setImmediate(r))
    expect(g.started()).toBe(1)
    await g.drain()
    expect(await done).toEqual(['a@0', 'b@1'])
    expect(g.peak()).toBe(1)
  })

  it('returns an empty list for no items without calling fn', async () => {
    let calls = 0
    expect(await mapLimit([], 4, () => Promise.resolve(++calls))).toEqual([])
    expect(calls).toBe(0)
  })
})
