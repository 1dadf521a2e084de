// `ensure` as a process without a tray: it logs in by itself exactly as `login` does (real tmux,
// the fake `aws`), once; asked again, it answers "usable" at once and runs nothing.

import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { appEnv, assertClean, CLI, makeHome, ssoLoginCalls, type Event, type Home } from '../login/process-harness.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const ok = requireOutside('the ensure process test', [program('tmux')])
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-ensure-'))
const socket = `aws-sso-tray-ensure-test-${process.pid}`
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true })
})

function ensure(h: Home, profile: string): Promise<{ code: number | null; events: Event[]; stderr: string }> {
  const env = appEnv(h, { socket })
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'ensure', '--json', '--timeout', '30', '--', profile], { env })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({
        code,
        events: out
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Event),
        stderr: err,
      }),
    )
  })
}

describe.skipIf(!ok)('ensure without a tray', () => {
  it('logs in once by itself, then answers usable without running anything', async () => {
    const h = makeHome(root, 'plain', ['-dash', 'sibling'])
    const first = await ensure(h, '-dash')
    expect(first.stderr).toBe('')
    // (No display here: a note says the URL could not be copied.)
    expect(first.events.map((e) => e.type).filter((t) => t !== 'note')).toEqual(['url', 'code', 'success', 'verified'])
    expect(first.code).toBe(0)
    await assertClean(h, socket)

    const second = await ensure(h, 'sibling') // the same token: usable now
    expect(second.code).toBe(0)
    expect(second.events).toEqual([{ type: 'usable', profile: 'sibling', state: 'valid', expiresAt: expect.stringMatching(/^20\d\d-/) as string }])
    expect(ssoLoginCalls(h)).toHaveLength(1)
  })
})
