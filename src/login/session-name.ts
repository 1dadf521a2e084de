// tmux session names for logins: one per shared token, recognisable by prefix, safe for tmux
// (which turns `.` and `:` into `_`) and for exact targeting with `-t =NAME:`.

import { sha1Hex } from '../aws/sha1.ts'

export const SESSION_PREFIX = 'aws-sso-tray-'

export function loginSessionName(tokenKey: string): string {
  const readable = tokenKey
    .replace(/^https?:\/\//, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 24)
  return `${SESSION_PREFIX}${readable}-${sha1Hex(tokenKey).slice(0, 10)}`
}

export function isLoginSessionName(name: string): boolean {
  return name.startsWith(SESSION_PREFIX)
}
