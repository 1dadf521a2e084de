// Our own small state files ($XDG_STATE_HOME/aws-sso-tray): which notices were shown, so a restart
// never repeats one, and the session book (sessions.json). Written atomically (temp file + rename), private to the user. Never ~/.aws.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { TrayMemory } from '../core/notify-policy.ts'
import { parseSessionBook, type SessionBook } from '../core/session-book.ts'
import type { Files } from '../ports.ts'
import type { Env } from '../settings.ts'

export type { TrayMemory } from '../core/notify-policy.ts'

export function stateDir(env: Env, home: string): string {
  return path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'aws-sso-tray')
}

/** The tray's session book: when each refreshable session began and the lengths seen end. */
export function sessionsFile(dir: string): string {
  return path.join(dir, 'sessions.json')
}

/** The book as `status` reads it: through the Files port, empty when the tray never wrote one. */
export async function readSessionBook(files: Pick<Files, 'readBytes'>, dir: string): Promise<SessionBook> {
  try {
    const bytes = await files.readBytes(sessionsFile(dir))
    return bytes === undefined ? {} : parseSessionBook(new TextDecoder().decode(bytes))
  } catch {
    return {}
  }
}

export function createSessionStore(dir: string, log: (m: string) => void) {
  const file = sessionsFile(dir)
  return {
    load(): Promise<SessionBook> {
      try {
        return Promise.resolve(parseSessionBook(readFileSync(file, 'utf8')))
      } catch (e) {
        // Missing on a first run; unreadable: start over (the lengths are learned again).
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log(`ignoring unreadable ${file}: ${(e as Error).message}`)
        return Promise.resolve({})
      }
    },
    save(book: SessionBook): Promise<void> {
      writeAtomically(dir, file, JSON.stringify(book))
      return Promise.resolve()
    },
  }
}

export function createNoticeStore(dir: string, log: (m: string) => void) {
  const file = path.join(dir, 'notices.json')
  return {
    load(): Promise<TrayMemory> {
      try {
        const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<TrayMemory>
        return Promise.resolve({ shown: numbers(o.shown), lastSeen: typeof o.lastSeen === 'number' ? o.lastSeen : null, snoozes: numbers(o.snoozes) })
      } catch (e) {
        // Missing on a first run; corrupt: start over rather than stop (at worst a notice repeats once).
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log(`ignoring unreadable ${file}: ${(e as Error).message}`)
        return Promise.resolve({ shown: {}, lastSeen: null, snoozes: {} })
      }
    },
    save(m: TrayMemory): Promise<void> {
      writeAtomically(dir, file, JSON.stringify(m))
      return Promise.resolve()
    },
  }
}

function writeAtomically(dir: string, file: string, text: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text, { mode: 0o600 })
  renameSync(tmp, file)
}

function numbers(o: unknown): Record<string, number> {
  if (!o || typeof o !== 'object') return {}
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number'))
}
