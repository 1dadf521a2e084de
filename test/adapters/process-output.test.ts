// The CLI's own stdout writer (src/adapters/process-output.ts) through a real process: text that is
// not ASCII (two-, three- and four-byte UTF-8, in profile names) arrives whole and as UTF-8, into a
// pipe and into a file, for a report larger than a pipe holds.

import { spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-output-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const home = path.join(root, 'home')
mkdirSync(path.join(home, '.aws'), { recursive: true })
// Long names of three-byte characters: the text's UTF-8 is well over twice its length in UTF-16 units.
const NAMES = Array.from({ length: 60 }, (_, i) => `café-😀-${i}-${'日本語'.repeat(400)}`)
writeFileSync(
  path.join(home, '.aws', 'config'),
  '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n' +
    NAMES.map((n) => `[profile ${n}]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n`).join(''),
)
const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: path.join(root, 'cache') }

function names(bytes: Buffer): string[] {
  return (JSON.parse(bytes.toString('utf8')) as { profiles: { name: string }[] }).profiles.map((p) => p.name)
}

describe('the direct stdout writer', () => {
  it('writes multi-byte text whole into a pipe, as UTF-8', () => {
    const r = spawnSync(process.execPath, [CLI, 'status', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    expect(r.stderr.toString()).toBe('')
    expect(r.status).toBe(1) // every token is missing
    expect(r.stdout.length).toBeGreaterThan(65_536)
    expect(r.stdout.length).toBeGreaterThan(2 * r.stdout.toString('utf8').length)
    expect(names(r.stdout)).toEqual(NAMES)
    expect(r.stdout.at(-1)).toBe(0x0a)
  })

  it('writes the same bytes into a file', () => {
    const file = path.join(root, 'out.json')
    const fd = openSync(file, 'w')
    try {
      spawnSync(process.execPath, [CLI, 'status', '--json'], { env, stdio: ['ignore', fd, 'pipe'] })
    } finally {
      closeSync(fd)
    }
    const bytes = readFileSync(file)
    expect(names(bytes)).toEqual(NAMES)
    expect(bytes.toString('utf8').endsWith('}\n')).toBe(true)
  })
})
