import { spawn } from 'node:child_process'
import type { Browser } from '../ports.ts'

/**
 * `open` (system default browser), or the user's command with the URL as its last argument, run
 * as argv without a shell and detached so the browser outlives us. Resolves once it has started.
 */
export function createBrowser(command: string | null): Browser {
  return {
    async open(url) {
      if (!command) {
        const { default: open } = await import('open')
        await open(url)
        return
      }
      await new Promise<void>((resolve, reject) => {
        const child = spawn(command, [url], { detached: true, stdio: 'ignore' })
        child.once('spawn', () => {
          child.unref()
          resolve()
        })
        child.once('error', (e) => reject(new Error(`cannot run browser command ${command}: ${e.message}`)))
      })
    },
  } satisfies Browser
}
