// Waiting on live processes without fixed sleeps: poll a condition until a deadline (the message
// names what was awaited, plus any context the caller adds), and read the first line a process
// prints (Xvfb -displayfd, dbus-daemon --print-address).

import type { ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export async function waitFor<T>(what: string, fn: () => T | undefined | false | null, ms = 15_000, context: () => string = () => ''): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > end) {
      const more = context()
      throw new Error(`timed out waiting for ${what}${more ? `\n${more}` : ''}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

export function firstLine(c: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: c.stdout as NodeJS.ReadableStream })
    rl.once('line', (l) => (rl.close(), resolve(l.trim())))
    c.once('exit', (code) => reject(new Error(`exited ${code} before printing`)))
  })
}
