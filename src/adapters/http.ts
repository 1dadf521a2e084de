import type { HttpClient } from '../ports.ts'

/**
 * Node's fetch. Its errors are rethrown without the URL: a getSigninToken URL carries role
 * credentials in its query, so no message built from it may reach a terminal or a log.
 */
export function createHttpClient(): HttpClient {
  return {
    async get(url, timeoutMs) {
      const host = new URL(url).host
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
        return { status: r.status, body: await r.text() }
      } catch (e) {
        const cause = (e as { cause?: { code?: unknown } }).cause
        const code = typeof cause?.code === 'string' ? cause.code : e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'request failed'
        throw new Error(`${host}: ${code}`)
      }
    },
  } satisfies HttpClient
}
