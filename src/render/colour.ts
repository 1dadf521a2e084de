// Whether human output is coloured, and the few styles it uses. One rule for every command:
//   FORCE_COLOR=0 (or false)  off           FORCE_COLOR=1 (any other value)  on, even in a pipe
//   NO_COLOR=anything         off           TERM=dumb                        off
//   stdout not a terminal     off           otherwise                        on
// FORCE_COLOR wins over NO_COLOR, as in Node itself. Empty variables count as unset (no-color.org).
// Pure: the environment and the TTY flag come in.

import type { TokenState } from '../core/types.ts'
import type { Env } from '../settings.ts'

export function colourEnabled(env: Env, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.trim().toLowerCase())
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return isTTY
}

export type Style = 'red' | 'boldRed' | 'green' | 'yellow' | 'magenta' | 'dim' | 'bold'

const SGR: Record<Style, string> = { red: '31', boldRed: '1;31', green: '32', yellow: '33', magenta: '35', dim: '2', bold: '1' }

/** A painter: `paint(style, text)` wraps text in SGR codes when colour is on, else returns it as is. */
export type Paint = (style: Style | readonly Style[] | null, text: string) => string

export function painter(enabled: boolean): Paint {
  if (!enabled) return (_style, text) => text
  return (style, text) => {
    const styles = style === null ? [] : typeof style === 'string' ? [style] : style
    if (styles.length === 0 || text === '') return text
    return `\x1b[${styles.map((s) => SGR[s]).join(';')}m${text}\x1b[0m`
  }
}

/** Green usable, yellow expiring, red needs a login, magenta broken. */
export const STATE_STYLE: Record<TokenState, Style> = {
  valid: 'green',
  refreshable: 'green',
  expiring: 'yellow',
  expired: 'red',
  missing: 'red',
  invalid: 'magenta',
}
