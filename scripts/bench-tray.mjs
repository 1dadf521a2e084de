#!/usr/bin/env node
// The tray at rest, each backend at 200 and at 1,000 SSO profiles (sso-sessions of 10), in one run
// against a bare `node` baseline. Each case gets its own private Xvfb + D-Bus session + dunst:
//   native:   a StatusNotifierWatcher on the bus → the app serves its own item and menu;
//   fallback: an XEmbed tray only (trayer, no watcher) → systray2's helper, docked in trayer.
// Reported per case: total RSS and PSS of every process the app runs (/proc/PID/smaps_rollup over
// its process tree), CPU seconds per idle minute (the tree's utime + stime over the idle window,
// which holds the once-a-minute "time left" update), start → the full menu on the bus (a host's
// GetLayout returns every profile), and token file written → the menu shows it (the first
// ItemsPropertiesUpdated/LayoutUpdated carrying the new text, seen by `gdbus monitor`).
//
// Needs: Xvfb, dbus-daemon, status-notifier-watcher, trayer, dunst, busctl, gdbus,
// libayatana-appindicator3-1 (.ci/run's packages).
// Usage: npm run bench:tray [-- --idle=SECONDS] [-- --cases=native:200,fallback:1000]
//   --idle defaults to 60 (a full minute, so the minute tick is inside it); 20 for a quick look.

import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'

const { values: flags } = parseArgs({ options: { idle: { type: 'string' }, cases: { type: 'string' } } })
const IDLE_S = Number(flags.idle ?? process.env.BENCH_SECONDS ?? 60)
const CASES = (flags.cases ?? 'native:200,native:1000,fallback:200,fallback:1000').split(',').map((c) => {
  const [backend, n] = c.split(':')
  return { backend, profiles: Number(n) }
})
const CLI = path.join(import.meta.dirname, '..', 'dist', 'cli.cjs')
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100)
const TARGETS = {
  'native:200': { rss: 65 },
  'native:1000': { rss: 90, cpu: 0.1, menu: 500 },
  'fallback:1000': { cpu: 0.2 },
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
// A corporate CA bundle makes every Node process read and parse it: not the app's cost.
const baseEnv = { ...process.env }
delete baseEnv.NODE_EXTRA_CA_CERTS

function firstLine(c) {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: c.stdout })
    rl.once('line', (l) => (rl.close(), resolve(l.trim())))
    c.once('exit', (code) => reject(new Error(`${c.spawnfile} exited ${code}`)))
  })
}
function stat(pid) {
  try {
    const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))
    const f = rest.split(' ')
    return { comm, ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICK }
  } catch {
    return null
  }
}
/** The pid and every descendant. */
function tree(root) {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
  const kids = new Map()
  for (const p of all) {
    const s = stat(p)
    if (s) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), p])
  }
  const out = []
  const walk = (p) => (out.push(p), (kids.get(p) ?? []).forEach(walk))
  walk(root)
  return out
}
const cpuOf = (pids) => pids.reduce((t, p) => t + (stat(p)?.cpu ?? 0), 0)
function memoryOf(pids) {
  let rss = 0
  let pss = 0
  for (const p of pids) {
    try {
      const t = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8')
      rss += Number(/^Rss:\s+(\d+) kB/m.exec(t)?.[1] ?? 0)
      pss += Number(/^Pss:\s+(\d+) kB/m.exec(t)?.[1] ?? 0)
    } catch {
      // exited
    }
  }
  return { rss: rss / 1024, pss: pss / 1024 }
}

function writeProfiles(home, count) {
  const cache = path.join(home, '.aws', 'sso', 'cache')
  mkdirSync(cache, { recursive: true })
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  const lines = []
  const sessions = count / 10
  for (let s = 0; s < sessions; s++) {
    lines.push(`[sso-session s${s}]`, `sso_start_url = https://s${s}.awsapps.com/start`, 'sso_region = us-east-1')
    for (let p = 0; p < 10; p++)
      lines.push(`[profile p${s}-${p}]`, `sso_session = s${s}`, `sso_account_id = ${String(100000000000 + s * 10 + p)}`, 'sso_role_name = Admin')
    // Hours apart and no refresh token: nothing warns or refreshes during the idle window.
    writeFileSync(
      path.join(cache, createHash('sha1').update(`s${s}`).digest('hex') + '.json'),
      JSON.stringify({
        startUrl: `https://s${s}.awsapps.com/start`,
        region: 'us-east-1',
        accessToken: 'x',
        expiresAt: iso(Date.now() + (2 + (s % 20)) * 3600_000),
      }),
    )
  }
  writeFileSync(path.join(home, '.aws', 'config'), lines.join('\n') + '\n')
  return { cache, last: `p${sessions - 1}-9`, iso }
}

async function runCase({ backend, profiles }, bare) {
  const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-bench-tray-'))
  const procs = []
  try {
    const home = path.join(root, 'home')
    const runtime = path.join(root, 'run')
    mkdirSync(runtime, { recursive: true, mode: 0o700 })
    const { cache, last, iso } = writeProfiles(home, profiles)
    const dunstrc = path.join(root, 'dunstrc')
    writeFileSync(dunstrc, '[urgency_normal]\n    timeout = 0\n')
    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '640x200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] })
    procs.push(xvfb)
    const display = `:${await firstLine(xvfb)}`
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] })
    procs.push(bus)
    const address = await firstLine(bus)
    const env = { PATH: baseEnv.PATH, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address, NO_AT_BRIDGE: '1' }
    const busctl = (...a) => spawnSync('busctl', [`--address=${address}`, '--json=short', '--', ...a], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    if (backend === 'native') procs.push(spawn('status-notifier-watcher', [], { env, stdio: 'ignore' }))
    else
      procs.push(
        spawn(
          'trayer',
          ['--edge', 'top', '--align', 'right', '--widthtype', 'pixel', '--width', '200', '--heighttype', 'pixel', '--height', '28', '--SetDockType', 'false'],
          { env, stdio: 'ignore' },
        ),
      )
    procs.push(spawn('dunst', ['-config', dunstrc], { env, stdio: 'ignore' }))
    const want = backend === 'native' ? 'org.kde.StatusNotifierWatcher' : 'org.freedesktop.Notifications'
    while (!busctl('list').stdout.includes(want) || !busctl('list').stdout.includes('org.freedesktop.Notifications')) await sleep(50)

    const startedAt = Date.now()
    const app = spawn(process.execPath, [CLI], {
      env: { ...env, HOME: home, XDG_RUNTIME_DIR: runtime, XDG_STATE_HOME: path.join(root, 'state'), XDG_CONFIG_HOME: path.join(root, 'config') },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    procs.push(app)
    let log = ''
    app.stderr.setEncoding('utf8').on('data', (d) => (log += d))

    // Where the menu is: the app's own item, or the helper's connection (found by its pid). The
    // app may start a new helper once the whole model arrives (it outgrew the first one's slots):
    // then look again.
    const findTarget = () => {
      if (backend === 'native') {
        const r = busctl(
          'get-property',
          'org.kde.StatusNotifierWatcher',
          '/StatusNotifierWatcher',
          'org.kde.StatusNotifierWatcher',
          'RegisteredStatusNotifierItems',
        )
        const name = r.status === 0 ? JSON.parse(r.stdout).data[0]?.split('/')[0] : undefined
        return name ? { name, menu: '/MenuBar' } : null
      }
      const helper = tree(app.pid).find((p) => stat(p)?.comm.startsWith('tray_linux_rel'))
      const rows = helper ? JSON.parse(busctl('list').stdout || '[]') : []
      const name = rows.find((n) => n.name.startsWith(':') && n.pid === helper)?.name
      return name ? { name, menu: '/org/ayatana/NotificationItem/systray/Menu' } : null
    }
    let target = null
    while (!target && Date.now() - startedAt < 30_000) {
      target = findTarget()
      if (!target) await sleep(10)
    }
    if (!target) throw new Error(`no tray menu on the bus:\n${log}`)
    // As hosts ask: the whole tree with every property (depth 1, labels only, to poll cheaply).
    const getLayout = (depth) =>
      busctl('call', target.name, target.menu, 'com.canonical.dbusmenu', 'GetLayout', 'iias', '0', String(depth), ...(depth < 0 ? ['0'] : ['1', 'label']))
    // Full: the top level ends with Quit, and one whole GetLayout holds every profile.
    let fullAt = NaN
    let fullLayoutMs = NaN
    while (Date.now() - startedAt < 60_000) {
      const top = getLayout(1)
      if (top.status !== 0) target = findTarget() ?? target // a new helper took over
      if (top.status === 0 && top.stdout.includes('"Quit"')) {
        const t = Date.now()
        const all = getLayout(-1)
        if (all.status === 0 && all.stdout.includes(last)) {
          fullAt = Date.now() - startedAt
          fullLayoutMs = Date.now() - t
          break
        }
      }
      await sleep(10)
    }

    // Idle: after start-up settles, nothing but the minute texts.
    await sleep(3000)
    const t0 = { app: cpuOf(tree(app.pid)), bare: cpuOf([bare.pid]), at: Date.now() }
    process.stderr.write(`  ${backend} ${profiles}: full menu after ${fullAt} ms; idle ${IDLE_S} s…\n`)
    await sleep(IDLE_S * 1000)
    const pids = tree(app.pid)
    const minutes = (Date.now() - t0.at) / 60_000
    const cpu = (cpuOf(pids) - t0.app) / minutes
    const bareCpu = (cpuOf([bare.pid]) - t0.bare) / minutes
    const mem = memoryOf(pids)
    const names = [...new Set(pids.map((p) => stat(p)?.comm).filter(Boolean))]

    // A login done in a terminal: session s0's token file is rewritten (8 h left).
    const monitor = spawn('gdbus', ['monitor', '--session', '--dest', target.name], { env: { ...env, LANG: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'ignore'] })
    procs.push(monitor)
    let signals = ''
    monitor.stdout.setEncoding('utf8').on('data', (d) => (signals += d))
    await sleep(500) // gdbus subscribes before it prints anything; give it the moment
    const written = Date.now()
    writeFileSync(
      path.join(cache, createHash('sha1').update('s0').digest('hex') + '.json'),
      JSON.stringify({ startUrl: 'https://s0.awsapps.com/start', region: 'us-east-1', accessToken: 'x', expiresAt: iso(Date.now() + 8 * 3600_000 + 30_000) }),
    )
    let updatedAfter = NaN
    while (Date.now() - written < 10_000) {
      if (/(s0|p0-\d)\b[^'"]*(8h|7h 59m)/.test(signals)) {
        updatedAfter = Date.now() - written
        break
      }
      await sleep(5)
    }
    return { backend, profiles, fullAt, fullLayoutMs, cpu, bareCpu, mem, bareMem: memoryOf([bare.pid]), minutes, names, updatedAfter }
  } finally {
    for (const p of procs.reverse()) p.kill()
    await sleep(300)
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  }
}

const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { env: { PATH: baseEnv.PATH }, stdio: 'ignore' })
const results = []
try {
  await sleep(500)
  process.stderr.write(`bench:tray, idle window ${IDLE_S} s per case\n`)
  for (const c of CASES) results.push(await runCase(c, bare))
} finally {
  bare.kill()
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')
const verdict = (ok) => (ok ? 'met' : 'MISSED')
console.log(
  `\ntray at rest (Node ${process.version}, idle window ${IDLE_S} s${IDLE_S < 60 ? ': shorter than a minute, so the minute tick may fall outside it' : ''})\n`,
)
console.log('case            processes                          RSS MB  PSS MB  CPU s/idle min  start→full menu  (GetLayout)  token file→menu')
const b = results[0]
if (b)
  console.log(
    `bare node       node                               ${f(b.bareMem.rss).padStart(6)}  ${f(b.bareMem.pss).padStart(6)}  ${f(b.bareCpu, 3).padStart(14)}`,
  )
for (const r of results) {
  console.log(
    `${`${r.backend} ${r.profiles}`.padEnd(16)}${r.names.join(', ').padEnd(35)}${f(r.mem.rss).padStart(6)}  ${f(r.mem.pss).padStart(6)}  ${f(r.cpu, 3).padStart(14)}  ${`${f(r.fullAt, 0)} ms`.padStart(15)}  ${`${f(r.fullLayoutMs, 0)} ms`.padStart(11)}  ${`${f(r.updatedAfter, 0)} ms`.padStart(15)}`,
  )
}
console.log('')
for (const r of results) {
  const t = TARGETS[`${r.backend}:${r.profiles}`]
  if (!t) continue
  const parts = []
  if (t.rss) parts.push(`RSS ${f(r.mem.rss)} MB <= ${t.rss}: ${verdict(r.mem.rss <= t.rss)}`)
  if (t.cpu) parts.push(`CPU ${f(r.cpu, 3)} s <= ${t.cpu}: ${verdict(r.cpu <= t.cpu)}`)
  if (t.menu) parts.push(`full menu ${f(r.fullAt, 0)} ms <= ${t.menu}: ${verdict(r.fullAt <= t.menu)}`)
  console.log(`target ${r.backend} ${r.profiles}: ${parts.join('; ')}`)
}
