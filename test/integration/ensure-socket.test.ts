// The client side of the ensure socket trusts only a 0700 folder of ours holding a socket of ours:
// in a shared $TMPDIR another user could create the folder first and hand out a phishing URL.

import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listenEnsure, requestEnsure, untrustedSocket } from '../../src/adapters/ensure-socket.ts'
import type { EnsureEvent } from '../../src/core/ensure-protocol.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-ensure-sock-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const request = { type: 'ensure' as const, profile: 'dev', requester: { program: 'agent', cwd: '/w', pid: 1 } }

async function impostor(dir: string) {
  const file = path.join(dir, 'ensure.sock')
  const asked: string[] = []
  const server = await listenEnsure(
    file,
    (c) => {
      asked.push(c.request.profile)
      c.send({ type: 'url', url: 'https://evil.example/device', flow: 'device' })
      c.send({ type: 'verified', account: '1', arn: 'x' })
    },
    () => undefined,
  )
  return { file, asked, server }
}

describe('ensure socket trust', () => {
  it('a folder open to others is not asked: a note, and the caller logs in by itself', async () => {
    const dir = path.join(root, 'open')
    mkdirSync(dir)
    chmodSync(dir, 0o777)
    const fake = await impostor(dir)
    const events: EnsureEvent[] = []
    expect(await requestEnsure(fake.file, request, (e) => events.push(e))).toBe('unavailable')
    expect(events).toEqual([{ type: 'note', message: `not asking the tray: ${dir} is open to other users (mode 777); logging in here` }])
    expect(fake.asked).toEqual([])
    await fake.server.close()
  })

  it.skipIf(process.getuid?.() !== 0)('a socket or folder of another user is not asked (as root: chown to 65534)', async () => {
    const dir = path.join(root, 'theirs')
    mkdirSync(dir, { mode: 0o700 })
    const fake = await impostor(dir)
    chownSync(fake.file, 65534, 65534)
    expect(untrustedSocket(fake.file)).toBe(`${fake.file} belongs to another user (uid 65534)`)
    chownSync(fake.file, 0, 0)
    chownSync(dir, 65534, 65534)
    expect(untrustedSocket(fake.file)).toBe(`${dir} belongs to another user (uid 65534)`)
    const events: EnsureEvent[] = []
    expect(await requestEnsure(fake.file, request, (e) => events.push(e))).toBe('unavailable')
    expect(fake.asked).toEqual([])
    await fake.server.close()
  })

  it('our own 0700 folder and socket are trusted; nothing there is simply unavailable', async () => {
    const dir = path.join(root, 'ours')
    mkdirSync(dir, { mode: 0o700 })
    const fake = await impostor(dir)
    expect(untrustedSocket(fake.file)).toBeNull()
    const events: EnsureEvent[] = []
    expect(await requestEnsure(fake.file, request, (e) => events.push(e))).toBe('ended')
    expect(events.map((e) => e.type)).toEqual(['url', 'verified'])
    await fake.server.close()
    expect(await requestEnsure(path.join(dir, 'none.sock'), request, () => undefined)).toBe('unavailable')
  })
})
