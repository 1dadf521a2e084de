import { describe, expect, it } from 'vitest'
import { createOsascriptNotifier, osascriptArgs } from '../../src/adapters/osascript-notifier.ts'
import type { NotifyRequest } from '../../src/ports.ts'
import { fakeRunner } from '../fakes/runner.ts'

const notice = (title: string, body: string): NotifyRequest => ({ title, body, buttons: [{ id: 'login', label: 'Log in' }], urgency: 'normal', iconPath: null })
const settle = () => new Promise((r) => setImmediate(r))

describe('osascript notifier', () => {
  it('runs osascript with argv only: the script is fixed, title and body arrive as run-handler arguments', async () => {
    const fake = fakeRunner({ '/usr/bin/osascript': () => ({}) })
    const logs: string[] = []
    const n = createOsascriptNotifier(fake.runner, (m) => logs.push(m))
    const hostile = 'corp" with title "x" & (do shell script "touch /tmp/pwned") & "'
    n.notify(notice(`AWS SSO: ${hostile}`, 'Expires in 9m \\ "now"'), () => undefined)
    await settle()
    expect(fake.calls).toEqual([
      {
        file: '/usr/bin/osascript',
        args: [
          '-e',
          'on run argv',
          '-e',
          'display notification (item 3 of argv) with title (item 2 of argv)',
          '-e',
          'end run',
          'aws-sso-tray',
          `AWS SSO: ${hostile}`,
          'Expires in 9m \\ "now"',
        ],
        options: { timeoutMs: 15_000 },
      },
    ])
    // The script text never holds what the caller passed.
    const script = fake.calls[0]!.args.filter((_, i, a) => a[i - 1] === '-e')
    expect(script.join('\n')).not.toContain('corp')
    expect(logs).toEqual([])
  })

  it('keeps a title that starts with "-" away from osascript\'s options (a fixed first argument)', () => {
    const args = osascriptArgs('-e', '--help')
    expect(args.slice(-3)).toEqual(['aws-sso-tray', '-e', '--help'])
  })

  it('reports no click (osascript notices have no buttons), closes nothing, and stops after dispose', async () => {
    const fake = fakeRunner({ '/usr/bin/osascript': () => ({}) })
    const n = createOsascriptNotifier(fake.runner, () => undefined)
    const clicks: string[] = []
    const handle = n.notify(notice('t', 'b'), (id) => clicks.push(id))
    handle.close()
    n.dispose()
    n.notify(notice('t2', 'b2'), (id) => clicks.push(id))
    await settle()
    expect(fake.calls).toHaveLength(1)
    expect(clicks).toEqual([])
  })

  it('logs a failure once, not on every notice', async () => {
    const fake = fakeRunner({ '/usr/bin/osascript': () => ({ exitCode: 1, stderr: 'execution error: Not authorized (-1743)\n' }) })
    const logs: string[] = []
    const n = createOsascriptNotifier(fake.runner, (m) => logs.push(m))
    n.notify(notice('a', 'b'), () => undefined)
    n.notify(notice('c', 'd'), () => undefined)
    await settle()
    expect(logs).toEqual(['osascript could not show a notice: execution error: Not authorized (-1743)'])
  })
})
