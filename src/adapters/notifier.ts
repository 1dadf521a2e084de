// Native notifications with a click action. Linux: `notify-send -A` (libnotify >= 0.7.10), which
// waits and prints the chosen action, because node-notifier passes no actions there and so never
// reports a click. Without -A: plain notify-send (no click; the tray menu has the same action).
// macOS and Windows: node-notifier (terminal-notifier / SnoreToast), imported only when used.
// Where the session bus has a notification server the tray uses dbus/notifications.ts instead.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import type { Notifier } from '../ports.ts'

export function createNotifier(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, log: (m: string) => void): Notifier {
  if (platform === 'linux') return createNotifySend(env, log)
  return createNodeNotifier(log)
}

function createNotifySend(env: Readonly<Record<string, string | undefined>>, log: (m: string) => void): Notifier {
  const children = new Set<ChildProcess>()
  /** The notice shown for each replaceKey (its waiting notify-send). */
  const keyed = new Map<string, ChildProcess>()
  let actions: boolean | undefined
  let warned = false
  return {
    notify(n, onAction) {
      // libnotify < 0.7.10 (Ubuntu 22.04) has no -A: such a notification cannot report a click.
      actions ??= /--action/.test(spawnSync('notify-send', ['--help'], { encoding: 'utf8', env }).stdout ?? '')
      const args = ['-a', 'aws-sso-tray', '-u', n.urgency]
      if (n.iconPath) args.push('-i', n.iconPath)
      if (actions) {
        n.buttons.forEach((b, i) => args.push('-A', `${i === 0 ? 'default' : b.id}=${b.label}`))
      }
      // The body may be read as markup (the notification spec's body-markup): a profile named
      // "<b>x" must show as typed. After `--`, nothing can be read as an option either.
      args.push('--', n.title, escapeMarkup(n.body))
      // Same key: the previous notice no longer applies. notify-send cannot replace a notice it
      // waits on, so it is closed and the new one shown.
      const previous = n.replaceKey === undefined ? undefined : keyed.get(n.replaceKey)
      if (previous && children.has(previous)) previous.kill('SIGINT')
      const child = spawn('notify-send', args, { stdio: ['ignore', 'pipe', 'pipe'], env })
      children.add(child)
      if (n.replaceKey !== undefined) keyed.set(n.replaceKey, child)
      let out = ''
      let err = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
      child.on('error', (e) => {
        children.delete(child)
        if (!warned) log(`cannot show notifications: ${e.message} (install libnotify-bin for notify-send)`)
        warned = true
      })
      child.on('close', (code) => {
        children.delete(child)
        if (n.replaceKey !== undefined && keyed.get(n.replaceKey) === child) keyed.delete(n.replaceKey)
        if (code !== 0 && err.trim()) log(`notify-send: ${err.trim()}`)
        const picked = out.trim().split('\n').pop()
        if (!picked) return
        const id = picked === 'default' ? n.buttons[0]?.id : n.buttons.find((b) => b.id === picked)?.id
        if (id) onAction(id)
      })
      // notify-send -A closes its notification on SIGINT ("Wait cancelled, closing notification").
      return { close: () => void (children.has(child) && child.kill('SIGINT')) }
    },
    dispose() {
      for (const c of children) c.kill('SIGINT')
      children.clear()
      keyed.clear()
    },
  }
}

function createNodeNotifier(log: (m: string) => void): Notifier {
  return {
    notify(n, onAction) {
      import('node-notifier')
        .then(({ default: notifier }) => {
          notifier.notify({ title: n.title, message: n.body, icon: n.iconPath ?? undefined, wait: true, sound: false }, (error, response) => {
            if (error) log(`notification failed: ${error.message}`)
            // A click on the body: the default action. Only the latest notification reports it (macOS).
            else if (response === 'activate' && n.buttons[0]) onAction(n.buttons[0].id)
          })
        })
        .catch((e: unknown) => log(`cannot load node-notifier: ${String(e)}`))
      return { close: () => undefined } // terminal-notifier / SnoreToast: no close by handle here
    },
    dispose() {},
  }
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
