// The CLI's environment is given, never extended: the pane gets exactly awsPaneEnv (under
// `env -i`, so nothing from the tmux server), sts gets exactly awsChildEnv with extendEnv false.
// Recording fakes only; no process is started.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cacheFileName } from '../../src/aws/token-cache.ts'
import { awsChildEnv, awsPaneEnv } from '../../src/commands/aws-env.ts'
import { stsVerify } from '../../src/commands/sts-verify.ts'
import type { Profile } from '../../src/core/types.ts'
import { runLoginSession, ssoLoginArgs } from '../../src/login/login-session.ts'
import { ENV_PROGRAM, createTmuxRunner, paneArgv } from '../../src/login/tmux-runner.ts'
import { resolveSettings } from '../../src/settings.ts'
import { memoryFiles } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'
import { fakeLoginRunner } from './fake-login-runner.ts'

const APP_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/u',
  USER: 'u',
  LANG: 'C.UTF-8',
  LC_TIME: 'de_DE.UTF-8',
  TMPDIR: '/tmp',
  AWS_CONFIG_FILE: '/home/u/cfg',
  AWS_CA_BUNDLE: '/ca.pem',
  HTTPS_PROXY: 'http://proxy:3128',
  no_proxy: 'localhost',
  // Dropped everywhere: credentials and profile selection would shadow the profile we name.
  AWS_PROFILE: 'other',
  AWS_DEFAULT_PROFILE: 'other',
  AWS_ACCESS_KEY_ID: 'AKIA',
  AWS_SECRET_ACCESS_KEY: 's',
  AWS_SESSION_TOKEN: 't',
  AWS_SECURITY_TOKEN: 't',
  // Not the CLI's business: the desktop session and tmux's own variables.
  DISPLAY: ':0',
  XDG_RUNTIME_DIR: '/run/user/1000',
  TMUX: '/tmp/tmux-0/default,1,0',
  TERM: 'xterm',
  PYTHONUNBUFFERED: '1',
  UNSET: undefined,
}

describe('awsChildEnv / awsPaneEnv', () => {
  it('sts: the whole environment minus credentials and profile selection', () => {
    expect(Object.keys(awsChildEnv(APP_ENV)).sort()).toEqual([
      'AWS_CA_BUNDLE',
      'AWS_CONFIG_FILE',
      'DISPLAY',
      'HOME',
      'HTTPS_PROXY',
      'LANG',
      'LC_TIME',
      'PATH',
      'PYTHONUNBUFFERED',
      'TERM',
      'TMPDIR',
      'TMUX',
      'USER',
      'XDG_RUNTIME_DIR',
      'no_proxy',
    ])
  })

  it('the pane: only what the CLI needs', () => {
    expect(awsPaneEnv(APP_ENV)).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/u',
      USER: 'u',
      LANG: 'C.UTF-8',
      LC_TIME: 'de_DE.UTF-8',
      TMPDIR: '/tmp',
      AWS_CONFIG_FILE: '/home/u/cfg',
      AWS_CA_BUNDLE: '/ca.pem',
      HTTPS_PROXY: 'http://proxy:3128',
      no_proxy: 'localhost',
    })
  })
})

describe('paneArgv', () => {
  it('env -i, then `--`, then exactly the given variables, then the command (GNU and BSD env)', () => {
    expect(paneArgv('aws', ['sso', 'login', '--profile=-p'], { HOME: '/h', WEIRD: 'a b=c\'"$x' })).toEqual([
      ENV_PROGRAM,
      '-i',
      '--',
      'HOME=/h',
      'WEIRD=a b=c\'"$x',
      'aws',
      'sso',
      'login',
      '--profile=-p',
    ])
    expect(ENV_PROGRAM).toBe('/usr/bin/env')
  })

  it('refuses a command env would read as an assignment, and a variable name that is none', () => {
    expect(() => paneArgv('/opt/a=b/aws', [], {})).toThrow('the AWS CLI path must not contain "=": /opt/a=b/aws')
    expect(() => paneArgv('aws', [], { 'A=B': 'x' })).toThrow('not an environment variable name: A=B')
    expect(() => paneArgv('aws', [], { '-i': 'x' })).toThrow('not an environment variable name: -i')
  })
})

describe('the tmux start command', () => {
  it('one tmux call: the session, env -i argv (no -e, no shell), remain-on-exit, our marks, pipe-pane to our log', async () => {
    const f = fakeRunner({ tmux: () => ({ stdout: '$4\n' }) })
    const r = await createTmuxRunner(f.runner, 'sock').start({
      session: 'aws-sso-tray-x',
      command: 'aws',
      args: ['sso', 'login', '--profile=p'],
      env: { HOME: '/h' },
      logFile: '/run/x.1.log',
      owner: 42,
    })
    expect(r).toEqual({ created: true, handle: { id: '$4', logFile: '/run/x.1.log' } })
    expect(f.calls.map((c) => c.args)).toEqual([
      [
        '-L',
        'sock',
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-P',
        '-F',
        '#{session_id}',
        '-s',
        'aws-sso-tray-x',
        '-x',
        '250',
        '-y',
        '50',
        '--',
        '/usr/bin/env',
        '-i',
        '--',
        'HOME=/h',
        'aws',
        'sso',
        'login',
        '--profile=p',
        ';',
        'set-option',
        '-t',
        '=aws-sso-tray-x:',
        'remain-on-exit',
        'on',
        ';',
        'set-option',
        '-t',
        '=aws-sso-tray-x:',
        '@aws_sso_tray_log',
        '/run/x.1.log',
        ';',
        'set-option',
        '-t',
        '=aws-sso-tray-x:',
        '@aws_sso_tray_owner',
        '42',
        ';',
        'pipe-pane',
        '-t',
        '=aws-sso-tray-x:',
        '-o',
        'cat >> /run/x.1.log',
      ],
    ])
  })

  it('a step failing after the session was made kills that session (it would run unmarked), then throws', async () => {
    const f = fakeRunner({ tmux: (args) => (args.includes('new-session') ? { exitCode: 1, stdout: '$9\n', stderr: 'create pane failed\n' } : {}) })
    await expect(
      createTmuxRunner(f.runner, 'sock').start({ session: 'aws-sso-tray-x', command: 'aws', args: [], env: {}, logFile: '/r/x.log', owner: 1 }),
    ).rejects.toThrow('tmux new-session failed: create pane failed')
    expect(f.calls.map((c) => c.args.slice(4))).toEqual([expect.arrayContaining(['new-session']), ['kill-session', '-t', '$9']])
  })

  it('a duplicate session is a lost race (created: false); other failures throw with tmux’s words', async () => {
    const dup = fakeRunner({ tmux: () => ({ exitCode: 1, stderr: 'duplicate session: aws-sso-tray-x\n' }) })
    expect(await createTmuxRunner(dup.runner).start({ session: 'aws-sso-tray-x', command: 'aws', args: [], env: {}, logFile: '/r/x.log', owner: 1 })).toEqual({
      created: false,
    })
    const bad = fakeRunner({ tmux: () => ({ exitCode: 1, stderr: 'server exited unexpectedly\n' }) })
    await expect(
      createTmuxRunner(bad.runner).start({ session: 'aws-sso-tray-x', command: 'aws', args: [], env: {}, logFile: '/r/x.log', owner: 1 }),
    ).rejects.toThrow('tmux new-session failed: server exited unexpectedly')
    const missing = fakeRunner({ tmux: () => ({ exitCode: undefined, notFound: true }) })
    await expect(createTmuxRunner(missing.runner).start({ session: 's', command: 'aws', args: [], env: {}, logFile: '/r/x.log', owner: 1 })).rejects.toThrow(
      'tmux not found',
    )
  })

  it('kill and adopt check the log in the same tmux step; find and state read our marks', async () => {
    const f = fakeRunner({ tmux: (args) => ({ stdout: args.includes('list-panes') ? '$4|1|0||42|/run/x.1.log\n' : '' }) })
    const t = createTmuxRunner(f.runner, 'sock')
    const h = { id: '$4', logFile: '/run/x.1.log' }
    await t.kill(h)
    await t.adopt(h, 7)
    expect(await t.find('aws-sso-tray-x')).toEqual({ ...h, owner: 42, pane: { state: 'exited', exitCode: 0 } })
    expect(await t.state(h)).toEqual({ state: 'exited', exitCode: 0 })
    expect(await t.state({ id: '$4', logFile: '/run/other.log' })).toEqual({ state: 'gone' })
    expect(f.calls.slice(0, 2).map((c) => c.args.slice(4))).toEqual([
      ['if-shell', '-F', '-t', '$4:', '#{==:#{@aws_sso_tray_log},/run/x.1.log}', "kill-session -t '$4'"],
      ['if-shell', '-F', '-t', '$4:', '#{==:#{@aws_sso_tray_log},/run/x.1.log}', "set-option -t '$4:' @aws_sso_tray_owner 7"],
    ])
  })

  it('pane states: running, exit status, killed by a signal, no status', async () => {
    const answer = (line: string) => createTmuxRunner(fakeRunner({ tmux: () => ({ stdout: line }) }).runner).state({ id: '$1', logFile: '/l' })
    expect(await answer('$1|0|||1|/l\n')).toEqual({ state: 'running' })
    expect(await answer('$1|1|3||1|/l\n')).toEqual({ state: 'exited', exitCode: 3 })
    expect(await answer('$1|1||15|1|/l\n')).toEqual({ state: 'exited', exitCode: 143 })
    expect(await answer('$1|1|||1|/l\n')).toEqual({ state: 'exited', exitCode: null })
  })
})

describe('sts verification', () => {
  it('runs with exactly the given environment, not extended, and --profile=NAME', async () => {
    const f = fakeRunner({ aws: () => ({ stdout: '{"UserId":"U","Account":"1","Arn":"arn"}' }) })
    const env = awsChildEnv(APP_ENV)
    await stsVerify(f.runner, 'aws', env, { name: '-dash', region: null, ssoRegion: 'eu-west-1' }, 5000)
    const call = f.calls[0]
    expect(call?.options?.extendEnv).toBe(false)
    expect(call?.options?.env).toEqual(env)
    expect(call?.args.slice(0, 3)).toEqual(['sts', 'get-caller-identity', '--profile=-dash'])
  })
})

describe('runLoginSession', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-session-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const START_URL = 'https://corp.awsapps.com/start'
  const root: Profile = {
    name: '-dash',
    kind: 'legacy-sso',
    ssoSession: null,
    startUrl: START_URL,
    ssoRegion: 'us-east-1',
    accountId: '1',
    roleName: 'R',
    region: null,
    sourceProfile: null,
    tokenKey: START_URL,
    tokenKind: 'legacy-sso',
    configError: null,
  }

  it('the pane gets awsPaneEnv, sts gets awsChildEnv (not extended); sso login gets --profile=NAME', async () => {
    const env = { ...APP_ENV, XDG_RUNTIME_DIR: dir, AWS_SSO_TRAY_RUNNER: 'tmux' }
    const settings = resolveSettings(env, '/home/u')
    const aws = fakeRunner({
      aws: (args) =>
        args[0] === '--version' ? { stdout: 'aws-cli/2.31.0 Python/3.13.7 Linux/6.1\n' } : { stdout: '{"UserId":"U","Account":"1","Arn":"arn"}' },
    })
    const sessions = fakeLoginRunner()
    const token = JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: 'x', expiresAt: '2099-01-01T00:00:00Z' })
    const files = memoryFiles({ [path.join(settings.cacheDir, cacheFileName(START_URL))]: token })
    let polls = 0
    const state = await runLoginSession(
      {
        env,
        files,
        clock: { now: () => 0 },
        settings,
        runner: aws.runner,
        loginRunner: sessions.runner,
        alive: () => false,
        pid: 4242,
        sleep: () => {
          // The CLI finishes after a few polls.
          if (++polls === 3) sessions.setPane(sessions.starts[0]?.session ?? '', { state: 'exited', exitCode: 0 })
          return Promise.resolve()
        },
      },
      root,
      { open: false, copy: false, deviceCode: false, timeoutS: 600 },
      () => undefined,
    )
    expect(state.phase).toBe('verified')
    const start = sessions.starts[0]
    expect(start?.env).toEqual(awsPaneEnv(env))
    expect(start?.args).toEqual(ssoLoginArgs('-dash'))
    expect(ssoLoginArgs('-dash')).toEqual(['sso', 'login', '--profile=-dash', '--no-browser', '--no-cli-auto-prompt'])
    expect(start?.owner).toBe(4242)
    expect(start?.logFile).toMatch(new RegExp(`^${dir}/aws-sso-tray/aws-sso-tray-corp_awsapps_com_start-[0-9a-f]{10}\\.[0-9a-f]{12}\\.log$`))
    const sts = aws.calls.find((c) => c.args[0] === 'sts')
    expect(sts?.options?.extendEnv).toBe(false)
    expect(sts?.options?.env).toEqual(awsChildEnv(env))
    expect(sessions.sessions.size).toBe(0) // the owner cleaned up
  })
})
