import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/errors.ts'
import { claimSession, leftoverSucceeded, type ClaimDeps } from '../../src/login/session-claim.ts'
import { fakeLoginRunner, type FakeSession } from './fake-login-runner.ts'

const NAME = 'aws-sso-tray-corp-0123456789'
const START = { session: NAME, command: 'aws', args: ['sso', 'login', '--profile=p'], env: { HOME: '/h' } }
const ME = 1000
const OTHER = 2000
const SUCCESS_LOG =
  'Please visit the following URL:\n\nhttps://device.sso.us-east-1.amazonaws.com/\n\nSuccessfully logged into Start URL: https://corp.awsapps.com/start\n'
const FAILED_LOG =
  'Please visit the following URL:\n\nhttps://device.sso.us-east-1.amazonaws.com/\n\naws: [ERROR]: The pending authorization to retrieve an SSO token has expired.\n'

function setup(existing: FakeSession[] = [], opts: { alive?: number[]; logs?: Record<string, string> } = {}) {
  const fake = fakeLoginRunner(existing)
  const removed: string[] = []
  const notes: string[] = []
  let n = 0
  const deps: ClaimDeps = {
    runner: fake.runner,
    pid: ME,
    alive: (pid) => (opts.alive ?? []).includes(pid),
    newLog: () => Promise.resolve(`/run/log-${++n}.log`),
    readLog: (p) => Promise.resolve(opts.logs?.[p]),
    removeLog: (p) => {
      removed.push(p)
      return Promise.resolve()
    },
    note: (m) => notes.push(m),
  }
  return { fake, deps, removed, notes }
}

const session = (over: Partial<FakeSession>): FakeSession => ({
  name: NAME,
  id: '$7',
  logFile: '/run/theirs.log',
  owner: OTHER,
  pane: { state: 'running' },
  ...over,
})

describe('claimSession', () => {
  it('no session: starts one, owned by us, with a fresh log', async () => {
    const { fake, deps, removed } = setup()
    const claim = await claimSession(deps, START)
    expect(claim).toEqual({ kind: 'own', handle: { id: '$100', logFile: '/run/log-1.log' } })
    expect(fake.starts).toEqual([{ ...START, logFile: '/run/log-1.log', owner: ME }])
    expect(removed).toEqual([])
  })

  it('a lost race (another process created it first) joins the winner and drops its own unused log', async () => {
    const { fake, deps, removed } = setup([], { alive: [OTHER] })
    fake.onStart(() => {
      if (!fake.sessions.has(NAME)) fake.sessions.set(NAME, session({}))
    })
    const claim = await claimSession(deps, START)
    expect(claim).toEqual({ kind: 'join', handle: { id: '$7', logFile: '/run/theirs.log' }, adopted: false })
    expect(removed).toEqual(['/run/log-1.log'])
    expect(fake.calls.filter((c) => c.startsWith('kill') || c.startsWith('adopt'))).toEqual([])
  })

  it('a running session whose owner lives is joined, never adopted or killed', async () => {
    const { fake, deps } = setup([session({})], { alive: [OTHER] })
    expect(await claimSession(deps, START)).toEqual({ kind: 'join', handle: { id: '$7', logFile: '/run/theirs.log' }, adopted: false })
    expect(fake.calls).toEqual([`find ${NAME}`])
  })

  it('a session started by this very process is joined (its owner is alive by definition)', async () => {
    const { deps } = setup([session({ owner: ME })], { alive: [] })
    expect(await claimSession(deps, START)).toMatchObject({ kind: 'join', adopted: false })
  })

  it('a finished session whose owner lives is joined: the owner is about to clean it up', async () => {
    const { fake, deps } = setup([session({ pane: { state: 'exited', exitCode: 0 } })], { alive: [OTHER] })
    expect(await claimSession(deps, START)).toMatchObject({ kind: 'join', adopted: false })
    expect(fake.calls).toEqual([`find ${NAME}`])
  })

  it('a running session whose owner died is adopted (we end it later)', async () => {
    const { fake, deps } = setup([session({})])
    expect(await claimSession(deps, START)).toEqual({ kind: 'join', handle: { id: '$7', logFile: '/run/theirs.log' }, adopted: true })
    expect(fake.calls).toEqual([`find ${NAME}`, `adopt $7 ${ME}`])
    expect(fake.sessions.get(NAME)?.owner).toBe(ME)
  })

  it('a finished session of a dead owner that succeeded is adopted to be verified, not re-run', async () => {
    const { fake, deps, notes } = setup([session({ pane: { state: 'exited', exitCode: 0 } })], { logs: { '/run/theirs.log': SUCCESS_LOG } })
    expect(await claimSession(deps, START)).toEqual({ kind: 'finished', handle: { id: '$7', logFile: '/run/theirs.log' } })
    expect(fake.starts).toEqual([])
    expect(notes).toEqual(['a login left behind by an earlier run finished successfully; verifying it'])
  })

  it('a finished session of a dead owner that failed is killed, its log removed, and a new login started', async () => {
    const { fake, deps, removed, notes } = setup([session({ pane: { state: 'exited', exitCode: 255 } })], { logs: { '/run/theirs.log': FAILED_LOG } })
    expect(await claimSession(deps, START)).toEqual({ kind: 'own', handle: { id: '$100', logFile: '/run/log-1.log' } })
    expect(fake.calls).toEqual([`find ${NAME}`, 'kill $7', `find ${NAME}`, `start ${NAME}`])
    expect(removed).toEqual(['/run/theirs.log'])
    expect(notes).toEqual(['a login left behind by an earlier run did not finish; starting a new one'])
  })

  it('a session with no recorded owner is adopted: alive is never asked about a missing pid', async () => {
    const { fake, deps } = setup([session({ owner: null })])
    const asked: unknown[] = []
    deps.alive = (pid) => (asked.push(pid), true)
    expect(await claimSession(deps, START)).toEqual({ kind: 'join', handle: { id: '$7', logFile: '/run/theirs.log' }, adopted: true })
    expect(asked).toEqual([])
    expect(fake.calls).toEqual([`find ${NAME}`, `adopt $7 ${ME}`])
  })

  it('a session without our marks (no log, no owner) is a clear error naming the fix', async () => {
    const { deps } = setup([session({ logFile: '', owner: null })])
    const e = await claimSession(deps, START).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({
      message: `tmux session ${NAME} was not started by this version of aws-sso-tray`,
      hint: `end it with: tmux -L aws-sso-tray kill-session -t '=${NAME}:'`,
    })
  })

  it('gives up with a clear error after five rounds of losing races to sessions that vanish', async () => {
    const { fake, deps, removed } = setup()
    // Every start finds a rival's session, which is gone again by the next look.
    fake.onStart(() => fake.sessions.set(NAME, session({})))
    fake.runner.find = () => {
      fake.sessions.delete(NAME)
      return Promise.resolve(undefined)
    }
    await expect(claimSession(deps, START)).rejects.toThrow(new AppError(`could not start or join the login session ${NAME} after 5 attempts`))
    expect(removed).toHaveLength(5)
  })

  it('a start that throws removes the log it made', async () => {
    const { fake, deps, removed } = setup()
    fake.runner.start = () => Promise.reject(new Error('tmux new-session failed: boom'))
    await expect(claimSession(deps, START)).rejects.toThrow('boom')
    expect(removed).toEqual(['/run/log-1.log'])
  })
})

describe('leftoverSucceeded', () => {
  it.each([
    ['success line and exit 0', SUCCESS_LOG, { state: 'exited', exitCode: 0 }, true],
    ['success line, no recorded status, no error', SUCCESS_LOG, { state: 'exited', exitCode: null }, true],
    ['success line without a final line break', SUCCESS_LOG.trimEnd(), { state: 'exited', exitCode: 0 }, true],
    ['success line but exit 255', SUCCESS_LOG, { state: 'exited', exitCode: 255 }, false],
    ['success and an error, no status', SUCCESS_LOG + 'aws: [ERROR]: boom\n', { state: 'exited', exitCode: null }, false],
    ['exit 0 without a success line', 'Please visit the following URL:\n', { state: 'exited', exitCode: 0 }, false],
    [
      'exit 0 with other output but no success line',
      'Please visit the following URL:\n\nhttps://device.sso.us-east-1.amazonaws.com/\n',
      { state: 'exited', exitCode: 0 },
      false,
    ],
    ['an error line and exit 255', FAILED_LOG, { state: 'exited', exitCode: 255 }, false],
    ['still running', SUCCESS_LOG, { state: 'running' }, false],
    ['gone', SUCCESS_LOG, { state: 'gone' }, false],
  ] as const)('%s → %s', (_what, log, pane, expected) => {
    expect(leftoverSucceeded(log, pane)).toBe(expected)
  })
})
