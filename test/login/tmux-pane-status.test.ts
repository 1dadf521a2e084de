// A pane tmux shows as dead before it has the exit status (it read the end of the output before
// the child's exit reached it): the runner asks again instead of reporting an unknown status.
import { describe, expect, it } from 'vitest'
import { createTmuxRunner } from '../../src/login/tmux-runner.ts'
import { fakeRunner } from '../fakes/runner.ts'

const H = { id: '$4', logFile: '/run/x.1.log' }

function panes(lines: string[]) {
  let n = 0
  const f = fakeRunner({ tmux: () => ({ stdout: `${lines[Math.min(n++, lines.length - 1)] ?? ''}\n` }) })
  const waits: number[] = []
  const runner = createTmuxRunner(f.runner, 'sock', (ms) => (waits.push(ms), Promise.resolve()))
  return { runner, waits, asked: () => f.calls.length }
}

describe('the pane state while tmux catches up with an exit', () => {
  it('dead without a status, then with one: the status, after asking again', async () => {
    const p = panes(['$4|1|||42|/run/x.1.log', '$4|1|||42|/run/x.1.log', '$4|1|3||42|/run/x.1.log'])
    expect(await p.runner.state(H)).toEqual({ state: 'exited', exitCode: 3 })
    expect(p.asked()).toBe(3)
    expect(p.waits).toEqual([40, 40])
  })

  it('a signal counts as a status (128 + N); a running pane is asked once', async () => {
    const sig = panes(['$4|1|||42|/run/x.1.log', '$4|1||15|42|/run/x.1.log'])
    expect(await sig.runner.state(H)).toEqual({ state: 'exited', exitCode: 143 })
    const run = panes(['$4|0|||42|/run/x.1.log'])
    expect(await run.runner.state(H)).toEqual({ state: 'running' })
    expect(run.asked()).toBe(1)
  })

  it('still no status after six asks: unknown (null), and the login decides from the output', async () => {
    const p = panes(['$4|1|||42|/run/x.1.log'])
    expect(await p.runner.state(H)).toEqual({ state: 'exited', exitCode: null })
    expect(p.asked()).toBe(6)
    expect(p.waits).toEqual([40, 40, 40, 40, 40])
  })

  it('gone while asked again: gone', async () => {
    const p = panes(['$4|1|||42|/run/x.1.log', '$9|0|||1|/run/other.log'])
    expect(await p.runner.state(H)).toEqual({ state: 'gone' })
  })
})
