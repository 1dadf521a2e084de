// `ensure`: a terminal or a coding agent asks the running tray for a usable login; the person
// approves in the tray; the caller gets the outcome. One JSON object per line over a local socket.
// Pure: message shapes and their validation (the socket's other end is another process).

export interface Requester {
  /** The program that ran `ensure` (its parent's name), e.g. "claude", "bash". */
  program: string
  /** Its working folder. */
  cwd: string
  pid: number
}

export interface EnsureRequest {
  type: 'ensure'
  profile: string
  requester: Requester
}

/** What `ensure` prints (as `login --json` does, plus requested/declined/usable). */
export type EnsureEvent =
  | { type: 'usable'; profile: string; state: string; expiresAt: string | null }
  | { type: 'requested'; profile: string; session: string }
  | { type: 'declined'; profile: string }
  | { type: 'url'; url: string; flow: string }
  | { type: 'code'; userCode: string }
  | { type: 'success' }
  | { type: 'verified'; account: string; arn: string }
  | { type: 'failed'; class: string; message: string }
  | { type: 'note'; message: string }

/** The events after which the tray has nothing more to say about this request. */
export function isFinal(e: EnsureEvent): boolean {
  return e.type === 'verified' || e.type === 'failed' || e.type === 'declined'
}

const MAX_TEXT = 4096

/** A request line from a client, checked field by field; anything else is refused. */
export function parseEnsureRequest(line: string): EnsureRequest | { error: string } {
  let o: unknown
  try {
    o = JSON.parse(line)
  } catch {
    return { error: 'not JSON' }
  }
  if (typeof o !== 'object' || o === null) return { error: 'not an object' }
  const r = o as Record<string, unknown>
  const q = r.requester as Record<string, unknown> | undefined
  if (r.type !== 'ensure') return { error: 'unknown request type' }
  if (typeof r.profile !== 'string' || r.profile === '' || r.profile.length > MAX_TEXT) return { error: 'bad profile' }
  if (typeof q !== 'object' || q === null) return { error: 'no requester' }
  const program = typeof q.program === 'string' ? q.program.slice(0, 256) : 'unknown program'
  const cwd = typeof q.cwd === 'string' ? q.cwd.slice(0, MAX_TEXT) : ''
  const pid = typeof q.pid === 'number' && Number.isInteger(q.pid) ? q.pid : 0
  return { type: 'ensure', profile: r.profile, requester: { program, cwd, pid } }
}

/** An event line from the tray; unknown shapes are dropped by the caller. */
export function parseEnsureEvent(line: string): EnsureEvent | undefined {
  try {
    const o = JSON.parse(line) as { type?: unknown }
    return typeof o === 'object' && o !== null && typeof o.type === 'string' ? (o as EnsureEvent) : undefined
  } catch {
    return undefined
  }
}

/** Who asks, for the notice: "claude in ~/src/app". Control characters are dropped. */
export function describeRequester(r: Requester, home: string): string {
  const clean = (s: string) => s.replace(/[\p{Cc}\p{Cf}]/gu, '')
  const cwd = clean(r.cwd)
  const where = home && (cwd === home || cwd.startsWith(home + '/')) ? '~' + cwd.slice(home.length) : cwd
  return where ? `${clean(r.program)} in ${where}` : clean(r.program)
}
