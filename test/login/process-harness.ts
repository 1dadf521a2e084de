// Runs `aws-sso-tray login` as a process: real tmux on a private socket, the fake `aws` replaying
// recorded transcripts, a stand-in browser that records the URL (and, unless told not to, approves
// the login). After each fault-matrix row, `assertClean` proves what must be left: no tmux session
// of the app, no login log, no `aws` process, exactly one `sso login`, nothing new under ~/.aws
// except the token file the CLI writes.

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import { sha1Hex } from '../../src/aws/sha1.ts'

export const CLI = process.env.AWS_SSO_TRAY_TEST_CLI ?? path.join(import.meta.dirname, '../../dist/cli.cjs')
export const BIN = path.join(import.meta.dirname, '../fixtures/bin')
export const OUT = path.join(import.meta.dirname, '../fixtures/aws-output')
export const START_URL = 'https://my-sso-portal.awsapps.com/start'

export type Event = Record<string, unknown>

export interface Home {
  home: string
  /** XDG_RUNTIME_DIR of the app (login logs go to <runtime>/aws-sso-tray). */
  runtime: string
  /** TMPDIR of the app (fallback log folders go here). */
  tmp: string
  browser: string
  approveFile: string
  argvLog: string
  pids: string
  /** ~/.aws before the login: relative path → size and mtime. */
  before: Map<string, string>
}

/** A profile section per name, all sharing one start URL (one token). */
export function makeHome(root: string, name: string, profiles: readonly string[], opts: { approveOnOpen?: boolean } = {}): Home {
  const home = path.join(root, name)
  const runtime = path.join(home, 'run')
  const tmp = path.join(home, 'tmp')
  mkdirSync(path.join(home, '.aws'), { recursive: true })
  mkdirSync(runtime, { mode: 0o700 })
  mkdirSync(tmp, { mode: 0o700 })
  const section = (p: string) =>
    `[profile ${/[\s"']/.test(p) ? JSON.stringify(p) : p}]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
  writeFileSync(path.join(home, '.aws', 'config'), profiles.map(section).join(''))
  const browser = path.join(home, 'browser.sh')
  const approveFile = path.join(home, 'approved')
  const approve = opts.approveOnOpen === false ? '' : `touch ${approveFile}\n`
  writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> ${path.join(home, 'opened.txt')}\n${approve}`, { mode: 0o755 })
  return { home, runtime, tmp, browser, approveFile, argvLog: path.join(home, 'argv.log'), pids: path.join(home, 'pids'), before: snapshotAws(home) }
}

export interface LoginRun {
  code: number | null
  signal: NodeJS.Signals | null
  events: Event[]
  stderr: string
}

export interface LoginCall {
  socket: string
  transcript?: string
  env?: Record<string, string>
  args?: readonly string[]
  /** Runs the CLI under this command (e.g. setpriv to another user). */
  prefix?: readonly string[]
  /** Sees every event as it arrives, with a way to signal the process. */
  onEvent?: (e: Event, kill: (sig: NodeJS.Signals) => void) => void
}

export function appEnv(h: Home, call: LoginCall): Record<string, string> {
  return {
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: h.home,
    TMPDIR: h.tmp,
    XDG_RUNTIME_DIR: h.runtime,
    AWS_SSO_TRAY_TMUX_SOCKET: call.socket,
    AWS_SSO_TRAY_BROWSER: h.browser,
    AWS_FAKE_LOGIN_TRANSCRIPT: path.join(OUT, call.transcript ?? 'device-2.9.19.txt'),
    AWS_FAKE_APPROVE_FILE: h.approveFile,
    AWS_FAKE_TOKEN_KEY: START_URL,
    AWS_FAKE_LOG: h.argvLog,
    AWS_FAKE_PIDS: h.pids,
    ...call.env,
  }
}

export function runLogin(h: Home, profile: string, call: LoginCall): Promise<LoginRun> {
  const env = appEnv(h, call)
  const copy = env.DISPLAY ? [] : ['--no-copy']
  return new Promise((resolve, reject) => {
    const argv = [process.execPath, CLI, 'login', '--json', ...copy, ...(call.args ?? []), '--', profile]
    const [file = '', ...args] = [...(call.prefix ?? []), ...argv]
    const child = spawn(file, args, { env })
    let out = ''
    let err = ''
    let seen = 0
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const lines = out.split('\n').slice(0, -1)
      for (const l of lines.slice(seen)) call.onEvent?.(JSON.parse(l) as Event, (sig) => child.kill(sig))
      seen = lines.length
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
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

export function appSessions(socket: string): string[] {
  const r = spawnSync('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.split('\n').filter((s) => s.startsWith('aws-sso-tray-')) : []
}

export function ssoLoginCalls(h: Home): string[][] {
  if (!existsSync(h.argvLog)) return []
  return readFileSync(h.argvLog, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[])
    .filter((a) => a[0] === 'sso' && a[1] === 'login')
}

export function types(r: LoginRun): unknown[] {
  return r.events.map((e) => e.type)
}

/** Polls (never a fixed sleep) until `fn` is true. */
export async function until(what: string, fn: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function snapshotAws(home: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (dir: string) => {
    if (!existsSync(dir)) return
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else {
        const st = statSync(p)
        out.set(path.relative(home, p), `${st.size}:${st.mtimeMs}`)
      }
    }
  }
  walk(path.join(home, '.aws'))
  return out
}

/** Log files (and fallback log folders) anywhere the app may put them. */
export function loginLogs(h: Home): string[] {
  const found: string[] = []
  const own = path.join(h.runtime, 'aws-sso-tray')
  if (existsSync(own))
    found.push(
      ...readdirSync(own)
        .filter((f) => f.endsWith('.log'))
        .map((f) => path.join(own, f)),
    )
  for (const e of readdirSync(h.tmp, { withFileTypes: true })) {
    const p = path.join(h.tmp, e.name)
    if (e.name.startsWith('aws-sso-tray-fallback-')) found.push(p)
    else if (e.name.startsWith('aws-sso-tray-') && e.isDirectory())
      found.push(
        ...readdirSync(p)
          .filter((f) => f.endsWith('.log'))
          .map((f) => path.join(p, f)),
      )
  }
  return found
}

/**
 * The checks after every row. `ssoLogins`: how many `sso login` runs this home has seen in all
 * (1 unless the row starts none, e.g. the CLI cannot run). `tokenWritten`: the CLI's token file may be new.
 */
export async function assertClean(h: Home, socket: string, opts: { ssoLogins?: number; tokenWritten?: boolean } = {}): Promise<void> {
  expect(appSessions(socket)).toEqual([])
  expect(loginLogs(h)).toEqual([])
  const pids = existsSync(h.pids) ? readFileSync(h.pids, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []
  // A killed CLI may take a moment to go after the app has exited.
  await until('every aws process to end', () => pids.every((p) => !alive(p)), 5000)
  expect(ssoLoginCalls(h)).toHaveLength(opts.ssoLogins ?? 1)
  const after = snapshotAws(h.home)
  const token = path.join('.aws', 'sso', 'cache', `${sha1Hex(START_URL)}.json`)
  const changed = [...after].filter(([k, v]) => h.before.get(k) !== v).map(([k]) => k)
  const removed = [...h.before.keys()].filter((k) => !after.has(k))
  expect({ changed, removed }).toEqual({ changed: opts.tokenWritten === false ? [] : changed.filter((k) => k === token), removed: [] })
}
