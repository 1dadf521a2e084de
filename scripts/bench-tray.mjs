#!/usr/bin/env node
// The tray at rest: 200 SSO profiles (20 sso-sessions x 10), idle for BENCH_SECONDS (default 60)
// under a private Xvfb + D-Bus session with an SNI watcher and dunst. Reports, for the Node process
// and the tray helper separately: RSS and PSS (/proc/PID/smaps_rollup) and CPU seconds used while
// idle; and the delay between a token's warning moment and dunst receiving its notification.
// Baseline in the same run: a bare idle `node` process, measured the same way. The idle stretch
// starts after the warning, so it holds only what an idle tray does: the once-a-minute update of
// every "time left" text (200 rows).
//
// Needs: Xvfb, dbus-daemon, status-notifier-watcher, dunst, libayatana-appindicator3-1 (.ci/run's
// packages). Usage: npm run bench:tray   (BENCH_SECONDS=20 for a quick look)

import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
const WARN_LEAD_S = 10 // the warning moment comes this long after start
const CLI = path.join(import.meta.dirname, '..', 'dist', 'cli.cjs')
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100)
const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-bench-tray-'))
const procs = []
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function firstLine(c) {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: c.stdout })
    rl.once('line', (l) => (rl.close(), resolve(l.trim())))
    c.once('exit', (code) => reject(new Error(`${c.spawnfile} exited ${code}`)))
  })
}
const cpuSeconds = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(f[11]) + Number(f[12])) / TICK // utime + stime
}
const memory = (pid) => {
  const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(t)?.[1] ?? NaN)
  return { rss: kb('Rss') / 1024, pss: kb('Pss') / 1024 }
}
const childOf = (ppid, comm) =>
  readdirSync('/proc').filter((d) => /^\d+$/.test(d)).find((d) => {
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8')
      return s.split(') ')[1].split(' ')[1] === String(ppid) && s.includes(`(${comm}`)
    } catch {
      return false
    }
  })

async function main() {
  const home = path.join(root, 'home')
  const cache = path.join(home, '.aws', 'sso', 'cache')
  mkdirSync(cache, { recursive: true })
  const runtime = path.join(root, 'run')
  mkdirSync(runtime, { mode: 0o700 })
  const lines = []
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  const start = Date.now()
  for (let s = 0; s < 20; s++) {
    lines.push(`[sso-session s${s}]`, `sso_start_url = https://s${s}.awsapps.com/start`, 'sso_region = us-east-1')
    for (let p = 0; p < 10; p++) lines.push(`[profile p${s}-${p}]`, `sso_session = s${s}`, `sso_account_id = ${String(100000000000 + s * 10 + p)}`, 'sso_role_name = Admin')
    writeFileSync(path.join(cache, createHash('sha1').update(`s${s}`).digest('hex') + '.json'),
      JSON.stringify({ startUrl: `https://s${s}.awsapps.com/start`, region: 'us-east-1', accessToken: 'x', expiresAt: iso(start + (2 + s) * 3600_000) }))
  }
  // One legacy token (never refreshed) whose 15-minute warning falls WARN_LEAD_S after start.
  const expiresAt = Math.ceil((start + 15 * 60_000 + WARN_LEAD_S * 1000) / 1000) * 1000
  lines.push('[profile soon]', 'sso_start_url = https://soon.awsapps.com/start', 'sso_region = us-east-1', 'sso_account_id = 999999999999', 'sso_role_name = Read')
  writeFileSync(path.join(cache, createHash('sha1').update('https://soon.awsapps.com/start').digest('hex') + '.json'),
    JSON.stringify({ startUrl: 'https://soon.awsapps.com/start', region: 'us-east-1', accessToken: 'x', expiresAt: iso(expiresAt) }))
  writeFileSync(path.join(home, '.aws', 'config'), lines.join('\n') + '\n')
  const warnAt = expiresAt - 15 * 60_000

  const stamps = path.join(root, 'stamps')
  const stampScript = path.join(root, 'stamp.sh')
  writeFileSync(stampScript, `#!/bin/sh\nprintf '%s %s\\n' "$(date +%s%3N)" "$2" >> ${stamps}\n`, { mode: 0o755 })
  const dunstrc = path.join(root, 'dunstrc')
  writeFileSync(dunstrc, `[urgency_normal]\n    timeout = 0\n[stamp]\n    appname = aws-sso-tray\n    script = ${stampScript}\n`)

  const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '640x200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] })
  procs.push(xvfb)
  const display = `:${await firstLine(xvfb)}`
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] })
  procs.push(bus)
  const env = { PATH: process.env.PATH, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: await firstLine(bus), NO_AT_BRIDGE: '1' }
  procs.push(spawn('status-notifier-watcher', [], { env, stdio: 'ignore' }), spawn('dunst', ['-config', dunstrc], { env, stdio: 'ignore' }))
  await sleep(500)

  // Baseline first, alone: a bare Node process doing nothing.
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { env: { PATH: env.PATH }, stdio: 'ignore' })
  procs.push(bare)
  await sleep(1000)

  const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []
  const app = spawn(process.execPath, [...prof, CLI], {
    env: { ...env, HOME: home, XDG_RUNTIME_DIR: runtime, XDG_STATE_HOME: path.join(root, 'state'), XDG_CONFIG_HOME: path.join(root, 'config') },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  procs.push(app)
  let log = ''
  app.stderr.setEncoding('utf8').on('data', (d) => (log += d))
  let helper
  for (let i = 0; i < 100 && !helper; i++) {
    await sleep(100)
    helper = childOf(app.pid, 'tray_linux_rel')
  }
  if (!helper) throw new Error(`the tray helper did not start:\n${log}`)
  // Phase 1: the warning. Phase 2, after it: an idle stretch with nothing but the minute texts.
  const stampOf = () => (existsSync(stamps) ? readFileSync(stamps, 'utf8').split('\n').find((l) => l.includes('soon expires')) : undefined)
  process.stderr.write(`waiting for the warning due in ${Math.round((warnAt - Date.now()) / 1000)} s…\n`)
  while (!stampOf() && Date.now() < warnAt + 10_000) await sleep(100)
  const stamp = stampOf()
  const delay = stamp ? Number(stamp.split(' ')[0]) - warnAt : NaN
  await sleep(2000)
  const t0 = { app: cpuSeconds(app.pid), helper: cpuSeconds(helper), bare: cpuSeconds(bare.pid), at: Date.now() }
  process.stderr.write(`idle for ${SECONDS} s (200 profiles)…\n`)
  if (process.env.BENCH_TRACE) {
    for (let i = 0; i < SECONDS / 5; i++) {
      await sleep(5000)
      process.stderr.write(`  +${(i + 1) * 5}s node ${cpuSeconds(app.pid).toFixed(2)} helper ${cpuSeconds(helper).toFixed(2)}\n`)
    }
  } else await sleep(SECONDS * 1000)
  const minutes = (Date.now() - t0.at) / 60_000
  const cpu = {
    app: (cpuSeconds(app.pid) - t0.app) / minutes,
    helper: (cpuSeconds(helper) - t0.helper) / minutes,
    bare: (cpuSeconds(bare.pid) - t0.bare) / minutes,
  }
  const mem = { app: memory(app.pid), helper: memory(helper), bare: memory(bare.pid) }

  // A login done in a terminal: the token file is rewritten; how long until the menu shows it?
  const busctl = (...a) => spawnSync('busctl', [`--address=${env.DBUS_SESSION_BUS_ADDRESS}`, '--json=short', '--', ...a], { encoding: 'utf8' })
  const items = JSON.parse(busctl('get-property', 'org.kde.StatusNotifierWatcher', '/StatusNotifierWatcher', 'org.kde.StatusNotifierWatcher', 'RegisteredStatusNotifierItems').stdout || '{"data":[]}').data
  const item = items[0]?.split('/')[0]
  const rowText = () => /"(● p0-0 — [^"]*)"/.exec(busctl('call', item, '/org/ayatana/NotificationItem/systray/Menu', 'com.canonical.dbusmenu', 'GetLayout', 'iias', '0', '-1', '0').stdout)?.[1]
  const beforeRow = rowText()
  const written = Date.now()
  writeFileSync(path.join(cache, createHash('sha1').update('s0').digest('hex') + '.json'),
    JSON.stringify({ startUrl: 'https://s0.awsapps.com/start', region: 'us-east-1', accessToken: 'x', expiresAt: iso(Date.now() + 8 * 3600_000 + 30_000) }))
  let seenAfter = NaN
  while (item && Date.now() - written < 5000) {
    if (rowText() !== beforeRow) {
      seenAfter = Date.now() - written
      break
    }
    await sleep(10)
  }

  const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')
  console.log(`\ntray idle, 200 profiles, ${f(minutes * 60, 0)} s (Node ${process.version})\n`)
  console.log('process               RSS MB   PSS MB   CPU s/idle min')
  console.log(`bare node (baseline)  ${f(mem.bare.rss).padStart(6)}   ${f(mem.bare.pss).padStart(6)}   ${f(cpu.bare, 3).padStart(8)}`)
  console.log(`aws-sso-tray (node)   ${f(mem.app.rss).padStart(6)}   ${f(mem.app.pss).padStart(6)}   ${f(cpu.app, 3).padStart(8)}`)
  console.log(`tray helper (GTK)     ${f(mem.helper.rss).padStart(6)}   ${f(mem.helper.pss).padStart(6)}   ${f(cpu.helper, 3).padStart(8)}`)
  console.log('')
  console.log(`node RSS vs bare node:           ${f(mem.app.rss / mem.bare.rss, 2)}x   (target: node <= 60 MB RSS: ${mem.app.rss <= 60 ? 'met' : 'MISSED'})`)
  console.log(`CPU, node + helper, per idle min: ${f(cpu.app + cpu.helper, 3)} s   (target <= 0.1 s: ${cpu.app + cpu.helper <= 0.1 ? 'met' : 'MISSED'})`)
  console.log(`warning moment -> notification:  ${f(delay, 0)} ms   (target <= 1000 ms: ${delay <= 1000 ? 'met' : 'MISSED'})`)
  console.log(`token file written -> menu shows it: ${f(seenAfter, 0)} ms   (target: within a second: ${seenAfter <= 1000 ? 'met' : 'MISSED'})`)
}

try {
  await main()
} finally {
  for (const p of procs.reverse()) p.kill()
  await sleep(300)
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
}
