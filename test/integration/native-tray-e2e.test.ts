// The native tray end to end: the built CLI serves its own StatusNotifierItem and dbusmenu on a
// private session bus (no helper process), with a StatusNotifierWatcher, dunst as the
// notification server (over D-Bus, no notify-send), real tmux and the fake `aws`. Everything is
// read and clicked over D-Bus with busctl (sd-bus: another implementation than ours), signals
// are watched with `gdbus monitor`, and notices are driven with dunstctl.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { firstLine, waitFor } from '../support/poll.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const OUT = path.join(import.meta.dirname, '../fixtures/aws-output')
const ok =
  process.platform === 'linux' &&
  requireOutside(
    'the native tray end-to-end test',
    ['Xvfb', 'dbus-daemon', 'status-notifier-watcher', 'dunst', 'dunstctl', 'busctl', 'gdbus', 'tmux', 'xsel'].map((p) => program(p)),
  )

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-native-'))
const started: ChildProcess[] = []
const socket = `aws-sso-tray-native-${process.pid}`
afterAll(() => {
  for (const c of started.reverse()) c.kill()
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
})

/** Processes whose parent is `pid`, by command name. */
function childrenOf(pid: number): string[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
        const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? []
        return rest.split(' ')[1] === String(pid) ? [comm] : []
      } catch {
        return []
      }
    })
}

interface Node {
  id: number
  label: string
  visible: boolean
  enabled: boolean
  type: string
  children: Node[]
}

describe.skipIf(!ok)('native tray end to end (Xvfb, private D-Bus, SNI watcher, dunst, tmux)', () => {
  it('serves icon, tooltip and menu over D-Bus, clicks and activates, replaces a notice in place, acts on a notice, grows the menu in place, quits clean', async () => {
    const home = path.join(root, 'home')
    const runtime = path.join(root, 'run')
    mkdirSync(path.join(home, '.aws'), { recursive: true })
    mkdirSync(runtime, { mode: 0o700 })
    // old: a legacy token (no refresh) inside its warning window that expires ~10 s after start.
    const expiresAt = new Date(Math.ceil((Date.now() + 10_000) / 1000) * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    writeFileSync(
      path.join(home, '.aws', 'config'),
      [
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile dev]',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = Admin',
        '[profile old]',
        'sso_start_url = https://old.awsapps.com/start',
        'sso_region = us-west-2',
        'sso_account_id = 333333333333',
        'sso_role_name = Read',
        '[profile spare]',
        'sso_start_url = https://spare.awsapps.com/start',
        'sso_region = us-west-2',
        'sso_account_id = 555555555555',
        'sso_role_name = Read',
        '',
      ].join('\n'),
    )
    const cache = path.join(home, '.aws', 'sso', 'cache')
    mkdirSync(cache, { recursive: true })
    writeFileSync(
      path.join(cache, createHash('sha1').update('https://old.awsapps.com/start').digest('hex') + '.json'),
      JSON.stringify({ startUrl: 'https://old.awsapps.com/start', region: 'us-west-2', accessToken: 'SECRET', expiresAt }),
    )
    // spare: a valid legacy token, renewed later from a terminal (a label change only).
    const spareToken = (hours: number) =>
      writeFileSync(
        path.join(cache, createHash('sha1').update('https://spare.awsapps.com/start').digest('hex') + '.json'),
        JSON.stringify({
          startUrl: 'https://spare.awsapps.com/start',
          region: 'us-west-2',
          accessToken: 'SECRET',
          expiresAt: new Date(Date.now() + hours * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        }),
      )
    spareToken(3)
    const noticesLog = path.join(root, 'notices.log')
    const logNotice = path.join(root, 'log-notice.sh')
    writeFileSync(logNotice, `#!/bin/sh\nprintf '%s|%s\\n' "$2" "$3" >> ${noticesLog}\n`, { mode: 0o755 })
    const dunstrc = path.join(root, 'dunstrc')
    writeFileSync(
      dunstrc,
      `[global]\n    mouse_left_click = do_action, close_current\n[urgency_low]\n    timeout = 0\n[urgency_normal]\n    timeout = 0\n[urgency_critical]\n    timeout = 0\n[log]\n    appname = aws-sso-tray\n    script = ${logNotice}\n`,
    )
    const opened = path.join(root, 'opened.txt')
    const browser = path.join(root, 'browser.sh')
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> ${opened}\n`, { mode: 0o755 })

    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '640x200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(xvfb)
    const display = `:${await firstLine(xvfb)}`
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(bus)
    const address = await firstLine(bus)
    const env = { PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address, NO_AT_BRIDGE: '1' }
    started.push(spawn('status-notifier-watcher', [], { env, stdio: 'ignore' }))
    started.push(spawn('dunst', ['-config', dunstrc], { env, stdio: 'ignore' }))
    const busctl = (...args: string[]) => spawnSync('busctl', [`--address=${address}`, '--json=short', '--', ...args], { encoding: 'utf8' })
    await waitFor('the SNI watcher and dunst', () => {
      const names = busctl('list').stdout
      return names.includes('org.kde.StatusNotifierWatcher') && names.includes('org.freedesktop.Notifications')
    })

    const app = spawn(process.execPath, [CLI], {
      env: {
        ...env,
        HOME: home,
        XDG_RUNTIME_DIR: runtime,
        XDG_STATE_HOME: path.join(root, 'state'),
        XDG_CONFIG_HOME: path.join(root, 'config'),
        AWS_SSO_TRAY_TMUX_SOCKET: socket,
        AWS_SSO_TRAY_BROWSER: browser,
        AWS_FAKE_LOGIN_TRANSCRIPT: path.join(OUT, 'device-2.9.19.txt'),
        AWS_FAKE_APPROVE_FILE: path.join(root, 'never-approved'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    started.push(app)
    let appLog = ''
    app.stderr.setEncoding('utf8').on('data', (d: string) => (appLog += d))
    const exited = new Promise<number | null>((r) => app.once('exit', (code) => r(code)))
    const fail = (e: Error) => {
      throw new Error(`${e.message}\n--- app log ---\n${appLog}`)
    }

    const registered = () => {
      const r = busctl(
        'get-property',
        'org.kde.StatusNotifierWatcher',
        '/StatusNotifierWatcher',
        'org.kde.StatusNotifierWatcher',
        'RegisteredStatusNotifierItems',
      )
      return r.status === 0 ? (JSON.parse(r.stdout) as { data: string[] }).data : []
    }
    const entry = await waitFor('the item to register with the watcher', () => registered()[0]).catch(fail)
    const item = entry.split('/')[0] as string
    expect(item).toMatch(/^org\.kde\.StatusNotifierItem-\d+-1$/)
    // Signals from here on (LayoutUpdated, ItemsPropertiesUpdated, NewIcon …).
    const monitor = spawn('gdbus', ['monitor', '--session', '--dest', item], { env, stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(monitor)
    let signals = ''
    monitor.stdout.setEncoding('utf8').on('data', (d: string) => (signals += d))

    const prop = <T>(name: string, iface = 'org.kde.StatusNotifierItem', objectPath = '/StatusNotifierItem'): T => {
      const r = busctl('get-property', item, objectPath, iface, name)
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`)
      return (JSON.parse(r.stdout) as { data: T }).data
    }
    type Raw = [number, Record<string, { data: unknown }>, Array<{ data: Raw }>]
    const toNode = ([id, props, children]: Raw): Node => ({
      id,
      label: typeof props.label?.data === 'string' ? props.label.data.replace(/__/g, '_') : '',
      visible: props.visible?.data !== false,
      enabled: props.enabled?.data !== false,
      type: typeof props.type?.data === 'string' ? props.type.data : 'standard',
      children: children.map((c) => toNode(c.data)),
    })
    const layout = (): Node[] => {
      const r = busctl('call', item, '/MenuBar', 'com.canonical.dbusmenu', 'GetLayout', 'iias', '0', '-1', '0')
      if (r.status !== 0) throw new Error(`GetLayout: ${r.stderr}`)
      return toNode((JSON.parse(r.stdout) as { data: [number, Raw] }).data[1]).children
    }
    const all = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...all(n.children)])
    const shown = (nodes: Node[]): string[] => nodes.filter((n) => n.visible && n.label).flatMap((n) => [n.label, ...shown(n.children).map((c) => `  ${c}`)])
    /** A visible, enabled leaf labelled `label` under a visible node whose label mentions `under`. */
    const leaf = (under: RegExp, label: RegExp) =>
      all(layout())
        .filter((n) => n.visible && under.test(n.label))
        .flatMap((n) => all(n.children))
        .find((c) => c.visible && c.enabled && c.children.length === 0 && label.test(c.label))
    const event = (id: number) =>
      expect(busctl('call', item, '/MenuBar', 'com.canonical.dbusmenu', 'Event', 'isvu', String(id), 'clicked', 's', '', '0').status).toBe(0)
    const notices = () => (existsSync(noticesLog) ? readFileSync(noticesLog, 'utf8') : '')
    const dunst = (...args: string[]) => spawnSync('dunstctl', args, { env, encoding: 'utf8' })
    const opens = () => (existsSync(opened) ? readFileSync(opened, 'utf8').split('\n').filter(Boolean) : [])

    // 1. The item: our name, title, status, tooltip and icon, read as a host reads them.
    expect(prop<string>('Id')).toBe('aws-sso-tray')
    expect(prop<string>('Title')).toBe('AWS SSO')
    expect(prop<string>('Category')).toBe('ApplicationStatus')
    expect(prop<string>('Status')).toBe('NeedsAttention') // dev needs a login
    expect(prop<string>('Menu')).toBe('/MenuBar')
    const [, , tipTitle, tipText] = prop<[string, unknown[], string, string]>('ToolTip')
    expect(tipTitle).toBe('AWS SSO')
    expect(tipText).toMatch(/needs? login/)
    expect(tipText).not.toMatch(/^AWS SSO/) // the title says it already
    const pixmaps = prop<Array<[number, number, number[]]>>('IconPixmap')
    expect(pixmaps.map(([w, h, b]) => [w, h, b.length])).toEqual([16, 22, 24, 32, 48].map((s) => [s, s, s * s * 4]))
    // The "needs login" icon is red (#d93025): opaque pixels of that colour, ARGB in network order.
    const big = pixmaps[4]?.[2] ?? []
    const opaque = Array.from({ length: big.length / 4 }, (_, i) => big.slice(i * 4, i * 4 + 4)).filter((p) => p[0] === 255)
    expect(opaque.length).toBeGreaterThan(100)
    expect(opaque.every((p) => p[1] === 0xd9 && p[2] === 0x30 && p[3] === 0x25)).toBe(true)
    expect(prop<number>('Version', 'com.canonical.dbusmenu', '/MenuBar')).toBe(3)

    // 2. The whole menu in one GetLayout, complete from the first read; unique ids; no helper process.
    const menu = await waitFor('the menu', () => shown(layout()).includes('Quit') && layout()).catch(fail)
    const ids = all(menu).map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(shown(menu).join('\n')).toMatch(/dev/)
    expect(shown(menu).join('\n')).toMatch(/old/)
    expect(childrenOf(app.pid as number)).not.toContain('tray_linux_rel')

    // 3. The warning for old is on screen; at expiry the expiry notice takes its place (replaces_id):
    //    one notice displayed, not two.
    await waitFor('the expiry warning', () => /AWS SSO: old expires in/.test(notices())).catch(fail)
    await waitFor('the expiry notice', () => /AWS SSO: old expired/.test(notices()), 20_000).catch(fail)
    expect(dunst('count', 'displayed').stdout.trim()).toBe('1')

    // 4. Its default action ("Log in") starts the login: tmux, the browser, the approve notice.
    expect(dunst('action', '0').status).toBe(0)
    await waitFor('the login URL notice', () => /AWS SSO: approve the login for [^|\n]*old/.test(notices())).catch(fail)
    expect(spawnSync('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], { encoding: 'utf8' }).stdout).toMatch(/^aws-sso-tray-/)
    await waitFor('the browser', () => opens().length === 1)
    // The menu read again shows it (the kept layout bytes were dropped on the change).
    await waitFor('the menu to show the login', () => shown(layout()).some((l) => /old[^\n]* — waiting for the browser/.test(l))).catch(fail)
    await waitFor('the URL on the clipboard', () =>
      /^https:\/\/device\.sso\.us-east-1\.amazonaws\.com\/\S*$/.test(spawnSync('xsel', ['--clipboard', '--output'], { env, encoding: 'utf8' }).stdout),
    )

    // 5. Activate (a left click on the icon) with a login waiting: the login page opens again.
    expect(busctl('call', item, '/StatusNotifierItem', 'org.kde.StatusNotifierItem', 'Activate', 'ii', '0', '0').status).toBe(0)
    await waitFor('Activate to open the login page again', () => opens().length === 2).catch(fail)

    // 6. History after closing everything: old had one notice (replaced in place), not two.
    expect(dunst('close-all').status).toBe(0)
    const history = JSON.parse(dunst('history').stdout) as { data: Array<Array<{ summary: { data: string }; appname: { data: string } }>> }
    const oldNotices = (history.data[0] ?? [])
      .filter((n) => n.appname.data === 'aws-sso-tray' && /old (expires|expired)/.test(n.summary.data))
      .map((n) => n.summary.data)
    expect(oldNotices).toEqual([expect.stringMatching(/AWS SSO: old expired/)])

    // 7. A click by Event: dev's "Log in" starts its login.
    const login = await waitFor('dev’s Log in', () => leaf(/corp|dev/, /^Log in$/)).catch(fail)
    event(login.id)
    await waitFor('the login URL notice for dev', () => /AWS SSO: approve the login for [^|\n]*(corp|dev)/.test(notices())).catch(fail)

    // 8. A login done in a terminal renews spare: only its label changes, and a host reading the
    //    whole layout again sees the new text.
    await waitFor('spare in the menu', () => shown(layout()).some((l) => /spare[^\n]* — 2h 59m/.test(l))).catch(fail)
    spareToken(5)
    await waitFor('the renewed spare', () => shown(layout()).some((l) => /spare[^\n]* — 4h 59m/.test(l))).catch(fail)

    // 9. A profile added while running: a LayoutUpdated, the same item, the same process, no helper.
    const layoutSignals = () => signals.split('\n').filter((l) => l.includes('com.canonical.dbusmenu.LayoutUpdated')).length
    const before = layoutSignals()
    appendFileSync(path.join(home, '.aws', 'config'), '[profile qa]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = QA\n')
    await waitFor('qa in the menu', () => all(layout()).some((n) => n.visible && /\bqa\b/.test(n.label))).catch(fail)
    await waitFor('a LayoutUpdated signal', () => layoutSignals() > before)
    expect(registered()).toEqual([entry])
    expect(app.exitCode).toBeNull()
    // A restarted watcher (a panel restart) knows no items: the app registers again by itself.
    const watcher = started.find((c) => c.spawnfile === 'status-notifier-watcher') as ChildProcess
    watcher.kill()
    await waitFor('the watcher to go', () => !busctl('list').stdout.includes('org.kde.StatusNotifierWatcher'))
    started.push(spawn('status-notifier-watcher', [], { env, stdio: 'ignore' }))
    await waitFor('the item to register again', () => registered()[0] === entry).catch(fail)
    expect(childrenOf(app.pid as number)).not.toContain('tray_linux_rel')
    expect(signals).toMatch(/ItemsPropertiesUpdated|LayoutUpdated/)

    // 10. Quit from the menu: the app exits 0, its name leaves the bus, nothing secret was logged.
    event((await waitFor('Quit', () => all(layout()).find((n) => n.label === 'Quit'))).id)
    expect(await exited).toBe(0)
    expect(busctl('list').stdout).not.toContain(item)
    expect(appLog).not.toContain('SECRET')
    expect(appLog).toMatch(/tray: native StatusNotifierItem/)
    expect(appLog).toMatch(/notifications: org\.freedesktop\.Notifications over D-Bus/)
  })
})
