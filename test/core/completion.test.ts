// The generated completion scripts, run by the real shells where they are installed; the profile
// names come from a stand-in `aws-sso-tray` on PATH that prints hostile names (its real
// counterpart, `__complete profiles`, is tested in test/commands/completion.test.ts).

import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { completionScript, SHELLS, type CompletionCommand } from '../../src/core/completion.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const COMMANDS: CompletionCommand[] = [
  { name: 'tray', summary: 'Start the tray', options: [], args: 'none' },
  {
    name: 'status',
    summary: "Show token states (exit 0: all usable, it's: fine)",
    options: ['json', 'state', 'session'],
    values: { state: ['valid', 'expired'], session: 'sessions' },
    args: 'profiles',
  },
  { name: 'check', summary: 'Verify', options: ['json', 'concurrency', 'timeout'], values: { concurrency: 'none', timeout: 'none' }, args: 'profiles' },
  { name: 'login', summary: 'Log in', options: ['json', 'no-open'], args: 'profiles' },
  { name: 'autostart', summary: 'Autostart', options: ['json'], args: ['enable', 'disable', 'status'] },
  { name: 'completion', summary: 'Completion', options: [], args: ['bash', 'zsh', 'fish'] },
]
const NAMES = ['dev', 'prod admin', `it's "quoted"`, 'x$(touch PWNED)', 'prod-read']
const SESSIONS = ['corp', 'corp eu']

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-completion-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const bin = path.join(root, 'bin')
mkdirSync(bin)
// The stand-in answers only the query the scripts make.
const shWords = (words: string[]) => words.map((n) => `'${n.replace(/'/g, `'\\''`)}'`).join(' ')
writeFileSync(
  path.join(bin, 'aws-sso-tray'),
  `#!/bin/sh
case "$1 $2" in
  "__complete profiles") printf '%s\\n' ${shWords(NAMES)} ;;
  "__complete sessions") printf '%s\\n' ${shWords(SESSIONS)} ;;
  *) exit 3 ;;
esac
`,
)
chmodSync(path.join(bin, 'aws-sso-tray'), 0o755)
const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: root }

describe('completion scripts (text)', () => {
  it('bash: one function, registered for aws-sso-tray, asking __complete for names', () => {
    const s = completionScript('bash', COMMANDS)
    expect(s).toContain('compgen -W \'tray status check login autostart completion\' -- "$cur"')
    expect(s).toContain("      check) opts='--json --concurrency --timeout' ;;")
    expect(s).toContain("    'status --state')\n      COMPREPLY=($(compgen -W 'valid expired' -- \"$cur\"))\n      return ;;")
    expect(s).toContain('    status)\n      _aws_sso_tray_names profiles ;;')
    expect(s).toContain('  done < <(command aws-sso-tray __complete "$1" 2>/dev/null)')
    expect(s.endsWith('complete -F _aws_sso_tray aws-sso-tray\n')).toBe(true)
  })
  it('zsh: described commands with quotes and colons escaped, compdef when sourced', () => {
    const s = completionScript('zsh', COMMANDS)
    expect(s.startsWith('#compdef aws-sso-tray\n')).toBe(true)
    expect(s).toContain(`    'status:Show token states (exit 0\\: all usable, it'\\''s\\: fine)'`)
    expect(s).toContain('    status) names=("${(@f)$(command aws-sso-tray __complete profiles 2>/dev/null)}"); compadd -a names ;;')
    expect(s).toContain('  compdef _aws_sso_tray aws-sso-tray\n')
  })
  it('fish: subcommands with descriptions, options per command, profile names from __complete', () => {
    const s = completionScript('fish', COMMANDS)
    expect(s).toContain(`complete -c aws-sso-tray -n __fish_use_subcommand -a status -d 'Show token states (exit 0: all usable, it\\'s: fine)'`)
    expect(s).toContain("complete -c aws-sso-tray -n '__fish_seen_subcommand_from check' -l concurrency")
    expect(s).toContain("complete -c aws-sso-tray -n '__fish_seen_subcommand_from autostart' -a 'enable disable status'")
    expect(s).toContain(
      "complete -c aws-sso-tray -n '__fish_seen_subcommand_from status check login' -a '(command aws-sso-tray __complete profiles 2>/dev/null)'",
    )
    expect(s).toContain(
      "complete -c aws-sso-tray -n '__fish_seen_subcommand_from status' -l session -x -a '(command aws-sso-tray __complete sessions 2>/dev/null)'",
    )
    expect(s).toContain("complete -c aws-sso-tray -n '__fish_seen_subcommand_from check' -l timeout -x\n")
  })
})

describe('completion scripts (whole text for a small command table)', () => {
  // Every line matters to some shell, and the comments tell the user how to load the script.
  const SMALL: CompletionCommand[] = [
    { name: 'tray', summary: 'Start', options: [], args: 'none' },
    {
      name: 'status',
      summary: 'Show: states',
      options: ['json', 'state', 'session'],
      values: { state: ['valid', 'expired'], session: 'sessions' },
      args: 'profiles',
    },
    { name: 'autostart', summary: 'Autostart', options: [], args: ['enable', 'disable'] },
    // A value nothing completes (a number): no names are asked for.
    { name: 'check', summary: 'Verify', options: ['timeout'], values: { timeout: 'none' }, args: 'profiles' },
  ]

  it('offers exactly bash, zsh and fish', () => {
    expect(SHELLS).toEqual(['bash', 'zsh', 'fish'])
  })

  it('bash', () => {
    expect(completionScript('bash', SMALL)).toMatchInlineSnapshot(`
      "# bash completion for aws-sso-tray. Load it with:  source <(aws-sso-tray completion bash)
      # Names from the AWS config may hold spaces or quotes: each is offered escaped as the shell reads
      # it back, and what was typed is matched against the name itself or its escaped form.
      _aws_sso_tray_names() {
        local name quoted
        while IFS= read -r name; do
          printf -v quoted '%q' "$name"
          if [[ $name == "$cur"* || $quoted == "$cur"* ]]; then COMPREPLY+=("$quoted"); fi
        done < <(command aws-sso-tray __complete "$1" 2>/dev/null)
      }
      _aws_sso_tray() {
        local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd=\${COMP_WORDS[1]-} opts
        COMPREPLY=()
        if [[ $COMP_CWORD -eq 1 ]]; then
          COMPREPLY=($(compgen -W 'tray status autostart check' -- "$cur"))
          return
        fi
        case "$cmd $prev" in
          'status --state')
            COMPREPLY=($(compgen -W 'valid expired' -- "$cur"))
            return ;;
          'status --session')
            _aws_sso_tray_names sessions
            return ;;
          'check --timeout')
            :
            return ;;
        esac
        if [[ $cur == -* ]]; then
          case $cmd in
            tray) opts='' ;;
            status) opts='--json --state --session' ;;
            autostart) opts='' ;;
            check) opts='--timeout' ;;
            *) opts='' ;;
          esac
          COMPREPLY=($(compgen -W "$opts --help --version" -- "$cur"))
          return
        fi
        case $cmd in
          status)
            _aws_sso_tray_names profiles ;;
          autostart)
            COMPREPLY=($(compgen -W 'enable disable' -- "$cur")) ;;
          check)
            _aws_sso_tray_names profiles ;;
        esac
      }
      complete -F _aws_sso_tray aws-sso-tray
      "
    `)
  })

  it('zsh', () => {
    expect(completionScript('zsh', SMALL)).toMatchInlineSnapshot(`
      "#compdef aws-sso-tray
      # zsh completion for aws-sso-tray. Load it with:  source <(aws-sso-tray completion zsh)
      # (after compinit), or save it as _aws_sso_tray in a folder on $fpath.
      # Names come one a line; compadd quotes spaces and quotes itself.
      _aws_sso_tray() {
        local -a commands opts names
        commands=(
          'tray:Start'
          'status:Show\\: states'
          'autostart:Autostart'
          'check:Verify'
        )
        if (( CURRENT == 2 )); then
          _describe -t commands 'aws-sso-tray command' commands
          return
        fi
        case "$words[2] $words[CURRENT-1]" in
          'status --state') compadd -- valid expired; return ;;
          'status --session') names=("\${(@f)$(command aws-sso-tray __complete sessions 2>/dev/null)}"); compadd -a names; return ;;
          'check --timeout') :; return ;;
        esac
        if [[ $PREFIX == -* ]]; then
          case $words[2] in
            tray) opts=() ;;
            status) opts=(--json --state --session) ;;
            autostart) opts=() ;;
            check) opts=(--timeout) ;;
          esac
          compadd -- $opts --help --version
          return
        fi
        case $words[2] in
          status) names=("\${(@f)$(command aws-sso-tray __complete profiles 2>/dev/null)}"); compadd -a names ;;
          autostart) compadd -- enable disable ;;
          check) names=("\${(@f)$(command aws-sso-tray __complete profiles 2>/dev/null)}"); compadd -a names ;;
        esac
      }
      if [[ $funcstack[1] == _aws_sso_tray ]]; then
        _aws_sso_tray "$@"
      else
        compdef _aws_sso_tray aws-sso-tray
      fi
      "
    `)
  })

  it('fish', () => {
    expect(completionScript('fish', SMALL)).toMatchInlineSnapshot(`
      "# fish completion for aws-sso-tray. Load it with:  aws-sso-tray completion fish | source
      # (or save it as ~/.config/fish/completions/aws-sso-tray.fish)
      complete -c aws-sso-tray -f
      complete -c aws-sso-tray -l help -d 'Show help'
      complete -c aws-sso-tray -l version -d 'Show the version'
      complete -c aws-sso-tray -n __fish_use_subcommand -a tray -d 'Start'
      complete -c aws-sso-tray -n __fish_use_subcommand -a status -d 'Show: states'
      complete -c aws-sso-tray -n __fish_use_subcommand -a autostart -d 'Autostart'
      complete -c aws-sso-tray -n __fish_use_subcommand -a check -d 'Verify'
      complete -c aws-sso-tray -n '__fish_seen_subcommand_from status' -l json
      complete -c aws-sso-tray -n '__fish_seen_subcommand_from status' -l state -x -a 'valid expired'
      complete -c aws-sso-tray -n '__fish_seen_subcommand_from status' -l session -x -a '(command aws-sso-tray __complete sessions 2>/dev/null)'
      complete -c aws-sso-tray -n '__fish_seen_subcommand_from check' -l timeout -x
      complete -c aws-sso-tray -n '__fish_seen_subcommand_from autostart' -a 'enable disable'
      complete -c aws-sso-tray -n '__fish_seen_subcommand_from status check' -a '(command aws-sso-tray __complete profiles 2>/dev/null)'
      "
    `)
  })
})

const hasBash = requireOutside('bash completion test', [program('bash')])
describe.skipIf(!hasBash)('bash completion in a real bash', () => {
  const script = path.join(root, 'aws-sso-tray.bash')
  /** Completes the words typed so far (the last one is being completed); returns COMPREPLY. */
  function complete(...words: string[]): string[] {
    // Written inside each test, so that the code generating it counts as run by that test.
    writeFileSync(script, completionScript('bash', COMMANDS))
    const r = spawnSync(
      'bash',
      [
        '--norc',
        '--noprofile',
        '-c',
        `source "$1"; shift; COMP_WORDS=(aws-sso-tray "$@"); COMP_CWORD=$#; _aws_sso_tray; printf '%s\\n' "\${COMPREPLY[@]}"`,
        'bash',
        script,
        ...words,
      ],
      {
        encoding: 'utf8',
        env,
        cwd: root,
      },
    )
    expect(r.stderr).toBe('')
    return r.stdout.split('\n').filter(Boolean)
  }

  it('commands, options and fixed arguments', () => {
    expect(complete('st')).toEqual(['status'])
    expect(complete('')).toEqual(['tray', 'status', 'check', 'login', 'autostart', 'completion'])
    expect(complete('check', '--c')).toEqual(['--concurrency'])
    expect(complete('status', '--')).toEqual(['--json', '--state', '--session', '--help', '--version'])
    expect(complete('autostart', 'd')).toEqual(['disable'])
    expect(complete('completion', 'z')).toEqual(['zsh'])
    expect(complete('tray', '')).toEqual([])
  })

  it('option values: a fixed list, session names, nothing after a number option', () => {
    expect(complete('status', '--state', 'v')).toEqual(['valid'])
    expect(complete('status', '--session', 'corp')).toEqual(['corp', 'corp\\ eu'])
    expect(complete('check', '--timeout', '')).toEqual([])
    expect(complete('status', '--state', 'valid', 'pro')).toEqual(['prod\\ admin', 'prod-read']) // after the value: profiles again
  })

  it('profile names, escaped so that bash reads back each name as one word, never run', () => {
    expect(complete('status', 'pro')).toEqual(['prod\\ admin', 'prod-read'])
    expect(complete('login', 'prod\\ a')).toEqual(['prod\\ admin'])
    const all = complete('check', 'dev', '')
    expect(all).toHaveLength(NAMES.length)
    // Each offered word, read back by bash as the user's command line would be, is the name.
    const readBack = spawnSync('bash', ['--norc', '-c', `for w in ${all.join(' ')}; do printf '%s\\n' "$w"; done`], { encoding: 'utf8', cwd: root })
    expect(readBack.stdout.split('\n').filter(Boolean)).toEqual(NAMES)
    expect(spawnSync('ls', [root], { encoding: 'utf8' }).stdout).not.toContain('PWNED')
  })
})

const hasZsh = requireOutside('zsh completion test', [program('zsh')])
describe.skipIf(!hasZsh)('zsh completion in a real zsh', () => {
  const script = path.join(root, '_aws-sso-tray')
  // compadd and _describe replaced by functions that print what they were given (zsh itself
  // filters by the typed prefix); the rest of the script runs as written.
  const driver = `source "$1" 2>/dev/null; shift
compadd() { if [[ $1 == -a ]]; then print -rl -- "\${(@P)2}"; else [[ $1 == -- ]] && shift; print -rl -- "$@"; fi }
_describe() { print -rl -- "\${(@P)4}"; }
words=(aws-sso-tray "$@"); CURRENT=$#words; PREFIX=\${words[-1]}
_aws_sso_tray`
  const complete = (...words: string[]) => {
    writeFileSync(script, completionScript('zsh', COMMANDS))
    const r = spawnSync('zsh', ['-f', '-c', driver, 'zsh', script, ...words], { encoding: 'utf8', env, cwd: root })
    expect(r.stderr).toBe('')
    return r.stdout.split('\n').filter(Boolean)
  }

  it('registers itself with compdef when sourced after compinit', () => {
    writeFileSync(script, completionScript('zsh', COMMANDS))
    const r = spawnSync(
      'zsh',
      ['-f', '-c', `autoload -U compinit; compinit -u -d "$2"; source "$1"; print -r -- \${_comps[aws-sso-tray]}`, 'zsh', script, path.join(root, 'zcompdump')],
      { encoding: 'utf8', env, cwd: root },
    )
    expect(r.stdout).toBe('_aws_sso_tray\n')
  })

  it('autoloads from a folder on $fpath under the name the script gives', () => {
    const dir = path.join(root, 'zfunc')
    mkdirSync(dir)
    writeFileSync(path.join(dir, '_aws_sso_tray'), completionScript('zsh', COMMANDS))
    const r = spawnSync(
      'zsh',
      [
        '-f',
        '-c',
        `fpath=("$1" $fpath); autoload -U compinit; compinit -u -d "$2"; print -r -- \${_comps[aws-sso-tray]}`,
        'zsh',
        dir,
        path.join(root, 'zcompdump2'),
      ],
      { encoding: 'utf8', env, cwd: root },
    )
    expect(r.stdout).toBe('_aws_sso_tray\n')
    // The first call of the autoloaded function completes (it does not only define itself).
    const first = spawnSync(
      'zsh',
      ['-f', '-c', driver.replace('source "$1" 2>/dev/null', 'fpath=("$1" $fpath); autoload -Uz _aws_sso_tray'), 'zsh', dir, 'autostart', ''],
      { encoding: 'utf8', env, cwd: root },
    )
    expect(first.stdout).toBe('enable\ndisable\nstatus\n')
  })

  it('commands with descriptions, options, fixed arguments and every profile name whole', () => {
    expect(complete('')[1]).toBe("status:Show token states (exit 0\\: all usable, it's\\: fine)")
    expect(complete('check', '--')).toEqual(['--json', '--concurrency', '--timeout', '--help', '--version'])
    expect(complete('autostart', '')).toEqual(['enable', 'disable', 'status'])
    expect(complete('login', 'p')).toEqual(NAMES)
    expect(complete('status', '--session', '')).toEqual(SESSIONS)
    expect(complete('status', '--state', '')).toEqual(['valid', 'expired'])
    expect(complete('check', '--timeout', '')).toEqual([])
  })
})

const hasFish = requireOutside('fish completion test', [program('fish')])
describe.skipIf(!hasFish)('fish completion in a real fish', () => {
  const script = path.join(root, 'aws-sso-tray.fish')
  const complete = (line: string) => {
    writeFileSync(script, completionScript('fish', COMMANDS))
    const r = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', script, line], { encoding: 'utf8', env, cwd: root })
    expect(r.stderr).toBe('')
    return r.stdout.split('\n').filter(Boolean)
  }

  it('commands, options and fixed arguments', () => {
    expect(complete('aws-sso-tray st')).toEqual(["status\tShow token states (exit 0: all usable, it's: fine)"])
    expect(complete('aws-sso-tray check --c')).toEqual(['--concurrency'])
    expect(complete('aws-sso-tray autostart d')).toEqual(['disable'])
  })

  it('every profile name whole (fish escapes it on insertion), none run', () => {
    expect(complete('aws-sso-tray status ').sort()).toEqual([...NAMES].sort())
    expect(complete('aws-sso-tray login prod')).toEqual(['prod admin', 'prod-read'])
    expect(complete('aws-sso-tray status --session ').sort()).toEqual([...SESSIONS].sort())
    expect(complete('aws-sso-tray status --state ').sort()).toEqual(['expired', 'valid'])
    expect(complete('aws-sso-tray check --timeout ')).toEqual([])
  })
})
