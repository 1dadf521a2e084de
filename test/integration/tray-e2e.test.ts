// The fallback tray end to end: an XEmbed tray only (trayer; no StatusNotifierWatcher on the bus),
// so the app runs systray2's real helper, whose icon docks in trayer. With it: a private Xvfb and
// D-Bus session, dunst as the notification server, real tmux, xsel, and the fake `aws`. The
// helper's menu is read and clicked over D-Bus (its com.canonical.dbusmenu, found by the helper's
// pid), as before. When a StatusNotifierWatcher appears later, the app moves to its native item.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { firstLine, waitFor } from '../support/poll.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const CLI = path.join(import.meta.dirname, '../../dist/cli.cjs')
const BIN = path.join(import.meta.dirname, '../fixtures/bin')
const OUT = path.join(import.meta.dirname, '../fixtures/aws-output')
const HELPER = path.join(import.meta.dirname, '../../node_modules/systray2/traybin/tray_linux_release')
const libsMissing = existsSync(HELPER) && /not found/.test(spawnSync('ldd', [HELPER], { encoding: 'utf8' }).stdout ?? '')
const canRun =
  process.platform === 'linux' &&
  requireOutside('the fallback tray end-to-end test', [
    ...['Xvfb', 'dbus-daemon', 'trayer', 'status-notifier-watcher', 'dunst', 'dunstctl', 'busctl', 'xsel', 'xwininfo', 'tmux'].map((p) => program(p)),
    { name: 'libayatana-appindicator3-1 and libgtk-3-0 (the tray helper’s libraries)', present: !libsMissing },
  ])

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-e2e-'))
const started: ChildProcess[] = []
const socket = `aws-sso-tray-e2e-${process.pid}`
afterAll(() => {
  for (const c of started.reverse()) c.kill()
  spawnSync('tmux', ['-L', socket, 'kill-server'])
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
})

/** Pids of the processes whose parent is `pid` and whose command name starts with `comm`. */
function childrenOf(pid: number, comm: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const [, name = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${d}/stat`, 'utf8')) ?? []
        return rest.split(' ')[1] === String(pid) && name.startsWith(comm) ? [Number(d)] : []
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
  children: Node[]
}

describe.skipIf(!canRun)('fallback tray end to end (Xvfb, D-Bus, trayer, real helper, dunst)', () => {
  it('docks in an XEmbed tray, reads the menu, logs in by click, acts on a notification, turns valid, follows file changes, moves to a watcher that appears, quits clean', async () => {
    const home = path.join(root, 'home')
    const runtime = path.join(root, 'run')
    mkdirSync(path.join(home, '.aws'), { recursive: true })
    mkdirSync(runtime, { mode: 0o700 })
    // old: a legacy token whose warning moment comes 3 s after start.
    const expiresSoon = new Date(Date.now() + 15 * 60_000 + 3_000).toISOString().replace(/\.\d+Z$/, 'Z')
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
        '[profile prod]',
        'sso_session = corp',
        'sso_account_id = 222222222222',
        'sso_role_name = Admin',
        '[profile old]',
        'sso_start_url = https://old.awsapps.com/start',
        'sso_region = us-west-2',
        'sso_account_id = 333333333333',
        'sso_role_name = Read',
        '',
      ].join('\n'),
    )
    const cache = path.join(home, '.aws', 'sso', 'cache')
    mkdirSync(cache, { recursive: true })
    const { createHash } = await import('node:crypto')
    writeFileSync(
      path.join(cache, createHash('sha1').update('https://old.awsapps.com/start').digest('hex') + '.json'),
      JSON.stringify({ startUrl: 'https://old.awsapps.com/start', region: 'us-west-2', accessToken: 'SECRET', expiresAt: expiresSoon }),
    )
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
    const approve = path.join(root, 'approved')

    const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '640x200x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(xvfb)
    const display = `:${await firstLine(xvfb)}`
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(bus)
    const address = await firstLine(bus)
    const env = { PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address, NO_AT_BRIDGE: '1' }
    // An XEmbed tray and no StatusNotifierWatcher: the helper's libayatana docks its icon here.
    started.push(
      spawn(
        'trayer',
        ['--edge', 'top', '--align', 'right', '--widthtype', 'pixel', '--width', '200', '--heighttype', 'pixel', '--height', '28', '--SetDockType', 'false'],
        { env, stdio: 'ignore' },
      ),
    )
    started.push(spawn('dunst', ['-config', dunstrc], { env, stdio: 'ignore' }))
    const busctl = (...args: string[]) => spawnSync('busctl', [`--address=${address}`, ...args], { encoding: 'utf8' })
    await waitFor('dunst', () => busctl('--json=short', 'list').stdout.includes('org.freedesktop.Notifications'))
    await waitFor('trayer', () => /"panel": \("panel" "trayer"\)/.test(spawnSync('xwininfo', ['-root', '-tree'], { env, encoding: 'utf8' }).stdout))

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
        AWS_FAKE_APPROVE_FILE: approve,
        AWS_FAKE_TOKEN_KEY: 'corp',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    started.push(app)
    let appLog = ''
    app.stderr.setEncoding('utf8').on('data', (d: string) => (appLog += d))
    const exited = new Promise<number | null>((r) => app.once('exit', (code) => r(code)))

    // The helper's own bus connection (no watcher lists it): the name owned by the helper's pid.
    const helperPid = () => childrenOf(app.pid as number, 'tray_linux_rel')[0]
    const helperName = () => {
      const pid = helperPid()
      const r = busctl('--json=short', 'list')
      const rows = r.status === 0 ? (JSON.parse(r.stdout) as Array<{ name: string; pid?: number }>) : []
      return pid === undefined ? undefined : rows.find((n) => n.name.startsWith(':') && n.pid === pid)?.name
    }
    let item = await waitFor('the tray helper on the bus', helperName).catch((e: Error) => {
      throw new Error(`${e.message}\n${appLog}`)
    })
    expect(appLog).toMatch(/tray: systray2 helper until a StatusNotifierWatcher appears/)
    // Its icon is docked in trayer (an XEmbed client of trayer's panel window).
    await waitFor('the icon in trayer', () =>
      /"panel": \("panel" "trayer"\)[\s\S]*\("systray" "systray"\)/.test(spawnSync('xwininfo', ['-root', '-tree'], { env, encoding: 'utf8' }).stdout),
    )
    let menuPath = '/org/ayatana/NotificationItem/systray/Menu'
    const layout = (): Node[] => {
      const r = busctl('--json=short', '--', 'call', item, menuPath, 'com.canonical.dbusmenu', 'GetLayout', 'iias', '0', '-1', '0')
      type Raw = [number, Record<string, { data: unknown }>, Array<{ data: Raw }>]
      const toNode = ([id, props, children]: Raw): Node => ({
        id,
        label: typeof props.label?.data === 'string' ? props.label.data : '',
        visible: props.visible?.data !== false,
        enabled: props.enabled?.data !== false,
        children: children.map((c) => toNode(c.data)),
      })
      return r.status === 0 ? toNode((JSON.parse(r.stdout) as { data: [number, Raw] }).data[1]).children : []
    }
    const shown = (nodes: Node[]): string[] => nodes.filter((n) => n.visible && n.label).flatMap((n) => [n.label, ...shown(n.children).map((c) => `  ${c}`)])
    const click = (id: number) =>
      expect(busctl('--', 'call', item, menuPath, 'com.canonical.dbusmenu', 'Event', 'isvu', String(id), 'clicked', 's', '', '0').status).toBe(0)
    const all = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...all(n.children)])
    /** A visible, enabled leaf labelled `label` under a visible node whose label matches `under`. */
    const leaf = (under: RegExp, label: RegExp) =>
      all(layout())
        .filter((n) => n.visible && under.test(n.label))
        .flatMap((n) => all(n.children))
        .find((c) => c.visible && c.enabled && c.children.length === 0 && label.test(c.label))
    /** The menu as text, one visible line each (submenus indented): the assertions read it like a person. */
    const text = () => shown(layout()).join('\n')
    const notices = () => (existsSync(noticesLog) ? readFileSync(noticesLog, 'utf8') : '')

    // 1. The menu over D-Bus: grouped by token, state and time as text.
    // The helper builds the menu item by item: wait for the last one before reading it.
    const first = await waitFor('the menu', () => shown(layout()).includes('Quit') && shown(layout())).catch((e: Error) => {
      throw new Error(
        `${e.message}; item ${item}; ${JSON.stringify(busctl('--json=short', '--', 'call', item, menuPath, 'com.canonical.dbusmenu', 'GetLayout', 'iias', '0', '-1', '0'))}\n${appLog}`,
      )
    })
    expect(first[0]).toMatch(/needs? login/)
    expect(first.join('\n')).toMatch(/^○ corp — not logged in/m) // one row per token: dev and prod share corp
    expect(first.join('\n')).toMatch(/^● [^\n]*old[^\n]* — 1[56]m/m) // texts count from the whole minute

    // 2. The warning arrives when its moment comes (a timer, not a poll), naming the profile.
    await waitFor('the expiry warning', () => /AWS SSO: [^|\n]*old[^|\n]* expires in 1[45]m\|/.test(notices()))
    await waitFor('the menu to say expiring', () => /^◐ [^\n]*old[^\n]* — 1[45]m left/m.test(text()))
    expect(spawnSync('dunstctl', ['close-all'], { env }).status).toBe(0)

    // 3. Click "Log in" for dev: tmux login, URL to clipboard and browser, code in the menu and the notice.
    click((await waitFor('Log in', () => leaf(/^○ corp/, /^Log in$/))).id)
    await waitFor('the login URL notice', () => /AWS SSO: approve the login for [^|\n]*corp/.test(notices()))
    await waitFor('the code in the notice', () => /approve the login for [^|\n]*corp\|.*WDQK-RTLM/.test(notices())) // updated in place once the CLI prints it
    // The device page, with or without the code in its query (the CLI version decides).
    expect(readFileSync(opened, 'utf8')).toMatch(/^https:\/\/device\.sso\.us-east-1\.amazonaws\.com\/\S*\n$/)
    await waitFor('the URL on the clipboard', () =>
      /^https:\/\/device\.sso\.us-east-1\.amazonaws\.com\/\S*$/.test(spawnSync('xsel', ['--clipboard', '--output'], { env, encoding: 'utf8' }).stdout),
    )
    const waiting = text()
    expect(waiting).toMatch(/^\S+ corp — waiting for the browser[^\n]*2 profiles/m) // one login serves dev and prod
    expect(spawnSync('tmux', ['-L', socket, 'list-sessions', '-F', '#{session_name}'], { encoding: 'utf8' }).stdout).toMatch(/^aws-sso-tray-/)

    // 4. The notification's default action ("I've completed login") reaches the app: it verifies,
    //    finds the token not there yet, and keeps waiting (no retry loop, no failure).
    expect(spawnSync('dunstctl', ['action', '0'], { env }).status).toBe(0)
    await waitFor('the confirm to be handled', () => appLog.includes('not logged in yet'))
    expect(text()).toMatch(/^\S+ corp — waiting for the browser/m)

    // 5. The user approves in the browser: the CLI finishes, sts verifies, the token shows valid.
    writeFileSync(approve, '')
    await waitFor('corp to turn valid', () => /^● corp — (7h 59m|8h)/m.test(text()))
    await waitFor('the logged-in notice', () => /AWS SSO: logged in/.test(notices())).catch((e: Error) => {
      throw new Error(`${e.message}\n${notices()}`)
    })
    expect(shown(layout())[0]).toMatch(/expiring/)
    await waitFor('tmux clean-up', () => spawnSync('tmux', ['-L', socket, 'list-sessions']).status !== 0)
    expect(readdirSync(path.join(runtime, 'aws-sso-tray')).filter((f) => f.endsWith('.log'))).toEqual([])

    // 6. A login done in a terminal (the token file appears) shows within a second or so (file
    //    events, not polling); a profile added to the config shows too.
    writeFileSync(
      path.join(cache, createHash('sha1').update('https://old.awsapps.com/start').digest('hex') + '.json'),
      JSON.stringify({
        startUrl: 'https://old.awsapps.com/start',
        region: 'us-west-2',
        accessToken: 'SECRET',
        expiresAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
      }),
    )
    await waitFor('the terminal login to show', () => /^● [^\n]*old[^\n]* — (4h 59m|5h)/m.test(text()), 2_000)
    const { appendFileSync } = await import('node:fs')
    appendFileSync(path.join(home, '.aws', 'config'), '[profile qa]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = QA\n')
    // The helper shows it in a spare slot, or a new helper (a new bus name) starts with it.
    await waitFor(
      'the new profile in the menu',
      () => {
        item = helperName() ?? item
        return /\bqa\b/.test(text())
      },
      10_000,
    )

    // 7. A StatusNotifierWatcher appears (a panel started later): the app moves to its native item
    //    and the helper exits; the menu is the same, now served by the app itself.
    started.push(spawn('status-notifier-watcher', [], { env, stdio: 'ignore' }))
    const registered = () => {
      const r = busctl(
        '--json=short',
        'get-property',
        'org.kde.StatusNotifierWatcher',
        '/StatusNotifierWatcher',
        'org.kde.StatusNotifierWatcher',
        'RegisteredStatusNotifierItems',
      )
      return r.status === 0 ? (JSON.parse(r.stdout) as { data: string[] }).data : []
    }
    const native = await waitFor('the native item', () => registered().find((i) => i.startsWith('org.kde.StatusNotifierItem-')))
    await waitFor('the helper to exit', () => helperPid() === undefined)
    item = native.split('/')[0] as string
    menuPath = '/MenuBar'
    await waitFor('qa in the native menu', () => /\bqa\b/.test(text()))

    // 8. Quit from the menu: the app exits, nothing secret was ever logged.
    click((await waitFor('Quit', () => layout().find((n) => n.label === 'Quit'))).id)
    expect(await exited).toBe(0)
    expect(appLog).not.toContain('SECRET')
    expect(appLog).toMatch(/notify: AWS SSO: [^\n]*old[^\n]* expires in 1[45]m/)
  })
})
