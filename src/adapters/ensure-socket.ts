// The local socket between `ensure` and the tray: a Unix socket in the private runtime folder
// (0700 folder, 0600 socket: only this user can connect; Node exposes no SO_PEERCRED, so the
// folder's permissions are the check), a named pipe on Windows. One JSON object per line.

import { chmodSync, lstatSync, unlinkSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import path from 'node:path'
import { isFinal, parseEnsureEvent, parseEnsureRequest, type EnsureEvent, type EnsureRequest } from '../core/ensure-protocol.ts'

const MAX_LINE = 16 * 1024

export function ensureSocketPath(runtimeDir: string, platform: NodeJS.Platform, user: string): string {
  return platform === 'win32' ? `\\\\.\\pipe\\aws-sso-tray-${user.replace(/[^A-Za-z0-9_-]/g, '_')}` : path.join(runtimeDir, 'ensure.sock')
}

export interface EnsureConnection {
  request: EnsureRequest
  send(e: EnsureEvent): void
  /** The caller went away (timed out, Ctrl-C): its request is void. */
  onGone(listener: () => void): void
  /** Ends the connection without an answer (what a crash looks like to the caller). */
  drop(): void
}

/** Serves requests until closed. A stale socket file (no tray behind it) is replaced. */
export async function listenEnsure(file: string, onRequest: (c: EnsureConnection) => void, log: (m: string) => void): Promise<{ close(): Promise<void> }> {
  if (!file.startsWith('\\\\.\\pipe\\')) await removeStale(file)
  const server: Server = createServer((socket) => serve(socket, onRequest, log))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(file, () => {
      server.off('error', reject)
      resolve()
    })
  })
  if (!file.startsWith('\\\\.\\pipe\\')) chmodSync(file, 0o600)
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function serve(socket: Socket, onRequest: (c: EnsureConnection) => void, log: (m: string) => void): void {
  let buffer = ''
  let handled = false
  socket.setEncoding('utf8')
  socket.on('error', () => undefined)
  socket.on('data', (chunk: string) => {
    if (handled) return
    buffer += chunk
    const nl = buffer.indexOf('\n')
    if (nl < 0) {
      if (buffer.length > MAX_LINE) socket.destroy()
      return
    }
    handled = true
    const parsed = parseEnsureRequest(buffer.slice(0, nl))
    if ('error' in parsed) {
      log(`ensure: refused a request (${parsed.error})`)
      socket.end(JSON.stringify({ type: 'failed', class: 'cli-error', message: `bad request: ${parsed.error}` }) + '\n')
      return
    }
    onRequest({
      request: parsed,
      send(e) {
        if (socket.writable) socket.write(JSON.stringify(e) + '\n')
        if (isFinal(e)) socket.end()
      },
      onGone(listener) {
        socket.once('close', listener)
      },
      drop() {
        socket.destroy()
      },
    })
  })
}

async function removeStale(file: string): Promise<void> {
  let st
  try {
    st = lstatSync(file)
  } catch {
    return
  }
  if (!st.isSocket()) throw new Error(`${file} exists and is not a socket: remove it`)
  const live = await new Promise<boolean>((resolve) => {
    const c = createConnection(file)
    c.once('connect', () => (c.destroy(), resolve(true)))
    c.once('error', () => resolve(false))
  })
  if (live) throw new Error(`another aws-sso-tray is serving ${file}`)
  unlinkSync(file)
}

/**
 * Why a socket must not be trusted, or null. The folder may sit in a shared place ($TMPDIR when
 * there is no XDG_RUNTIME_DIR), where another user could create it first and listen there to
 * hand out a phishing URL: only a 0700 directory of ours holding a socket of ours will do.
 */
export function untrustedSocket(file: string, uid: number | undefined = process.getuid?.()): string | null {
  if (file.startsWith('\\\\.\\pipe\\')) return null
  try {
    const dir = lstatSync(path.dirname(file))
    if (!dir.isDirectory() || dir.isSymbolicLink()) return `${path.dirname(file)} is not a directory`
    if (uid !== undefined && dir.uid !== uid) return `${path.dirname(file)} belongs to another user (uid ${dir.uid})`
    if ((dir.mode & 0o077) !== 0) return `${path.dirname(file)} is open to other users (mode ${(dir.mode & 0o777).toString(8)})`
    const sock = lstatSync(file)
    if (!sock.isSocket()) return `${file} is not a socket`
    if (uid !== undefined && sock.uid !== uid) return `${file} belongs to another user (uid ${sock.uid})`
  } catch {
    return null // nothing there: no tray, connect fails and the caller logs in by itself
  }
  return null
}

/**
 * Sends one request and hands every event to `onEvent` until the tray is done. 'unavailable':
 * no tray is listening, or its socket is not to be trusted (a note says why); the caller then
 * logs in by itself.
 */
export function requestEnsure(file: string, request: EnsureRequest, onEvent: (e: EnsureEvent) => void, signal?: AbortSignal): Promise<'unavailable' | 'ended'> {
  const distrust = untrustedSocket(file)
  if (distrust) {
    onEvent({ type: 'note', message: `not asking the tray: ${distrust}; logging in here` })
    return Promise.resolve('unavailable')
  }
  return new Promise((resolve) => {
    const socket = createConnection(file)
    let connected = false
    let buffer = ''
    const onAbort = () => socket.destroy()
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.setEncoding('utf8')
    socket.once('connect', () => {
      connected = true
      socket.write(JSON.stringify(request) + '\n')
    })
    socket.on('data', (chunk: string) => {
      buffer += chunk
      let nl
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const e = parseEnsureEvent(buffer.slice(0, nl))
        buffer = buffer.slice(nl + 1)
        if (e) onEvent(e)
      }
    })
    socket.once('error', () => undefined)
    socket.once('close', () => {
      signal?.removeEventListener('abort', onAbort)
      resolve(connected ? 'ended' : 'unavailable')
    })
  })
}
