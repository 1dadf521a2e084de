// Shell completion scripts for bash, zsh and fish, generated from the command table in main.ts.
// Profile and session names are not baked in: the scripts ask `aws-sso-tray __complete profiles`
// (or `sessions`) each time, which prints one name per line from the config parser the commands use.

export type Shell = 'bash' | 'zsh' | 'fish'
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish']

/** Names read from the AWS config at completion time. */
export type NameKind = 'profiles' | 'sessions'
export const NAME_KINDS: readonly NameKind[] = ['profiles', 'sessions']

/** What completes a word: names from the config, a fixed list, or nothing (a number, a free text). */
export type Completes = NameKind | readonly string[] | 'none'

export interface CompletionCommand {
  name: string
  summary: string
  /** Long options, without the leading dashes. */
  options: readonly string[]
  /** Options that take a value (`--state valid`), and what completes that value. */
  values?: Readonly<Record<string, Completes>>
  /** What the positional arguments are. */
  args: Completes
}

const BIN = 'aws-sso-tray'
const query = (kind: NameKind) => `command ${BIN} __complete ${kind} 2>/dev/null`

export function completionScript(shell: Shell, commands: readonly CompletionCommand[]): string {
  switch (shell) {
    case 'bash':
      return bashScript(commands)
    case 'zsh':
      return zshScript(commands)
    case 'fish':
      return fishScript(commands)
  }
}

/** A shell word in single quotes (bash, zsh): safe for any text. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

const isList = (c: Completes): c is readonly string[] => Array.isArray(c)
const dashed = (c: CompletionCommand) => c.options.map((o) => `--${o}`).join(' ')
const valueOptions = (commands: readonly CompletionCommand[]) =>
  commands.flatMap((c) => Object.entries(c.values ?? {}).map(([option, completes]) => ({ command: c.name, option, completes })))
const byArgs = (commands: readonly CompletionCommand[], kind: NameKind) => commands.filter((c) => c.args === kind).map((c) => c.name)

function bashScript(commands: readonly CompletionCommand[]): string {
  const bashCompletes = (c: Completes, indent: string) =>
    isList(c) ? `${indent}COMPREPLY=($(compgen -W ${sq(c.join(' '))} -- "$cur"))` : c === 'none' ? `${indent}:` : `${indent}_aws_sso_tray_names ${c}`
  const valueCases = valueOptions(commands).map((v) => `    ${sq(`${v.command} --${v.option}`)})\n${bashCompletes(v.completes, '      ')}\n      return ;;`)
  const optionCases = commands.map((c) => `      ${c.name}) opts=${sq(dashed(c))} ;;`)
  const argCases = commands.filter((c) => c.args !== 'none').map((c) => `    ${c.name})\n${bashCompletes(c.args, '      ')} ;;`)
  return `# bash completion for aws-sso-tray. Load it with:  source <(aws-sso-tray completion bash)
# Names from the AWS config may hold spaces or quotes: each is offered escaped as the shell reads
# it back, and what was typed is matched against the name itself or its escaped form.
_aws_sso_tray_names() {
  local name quoted
  while IFS= read -r name; do
    printf -v quoted '%q' "$name"
    if [[ $name == "$cur"* || $quoted == "$cur"* ]]; then COMPREPLY+=("$quoted"); fi
  done < <(command ${BIN} __complete "$1" 2>/dev/null)
}
_aws_sso_tray() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd=\${COMP_WORDS[1]-} opts
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${sq(commands.map((c) => c.name).join(' '))} -- "$cur"))
    return
  fi
  case "$cmd $prev" in
${valueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    case $cmd in
${optionCases.join('\n')}
      *) opts='' ;;
    esac
    COMPREPLY=($(compgen -W "$opts --help --version" -- "$cur"))
    return
  fi
  case $cmd in
${argCases.join('\n')}
  esac
}
complete -F _aws_sso_tray ${BIN}
`
}

function zshScript(commands: readonly CompletionCommand[]): string {
  const zshCompletes = (c: Completes) => (isList(c) ? `compadd -- ${c.join(' ')}` : c === 'none' ? ':' : `names=("\${(@f)$(${query(c)})}"); compadd -a names`)
  const described = commands.map((c) => `    ${sq(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)}`)
  const valueCases = valueOptions(commands).map((v) => `    ${sq(`${v.command} --${v.option}`)}) ${zshCompletes(v.completes)}; return ;;`)
  const optionCases = commands.map((c) => `      ${c.name}) opts=(${dashed(c)}) ;;`)
  const argCases = commands.filter((c) => c.args !== 'none').map((c) => `    ${c.name}) ${zshCompletes(c.args)} ;;`)
  return `#compdef ${BIN}
# zsh completion for aws-sso-tray. Load it with:  source <(aws-sso-tray completion zsh)
# (after compinit), or save it as _aws_sso_tray in a folder on $fpath.
# Names come one a line; compadd quotes spaces and quotes itself.
_aws_sso_tray() {
  local -a commands opts names
  commands=(
${described.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'aws-sso-tray command' commands
    return
  fi
  case "$words[2] $words[CURRENT-1]" in
${valueCases.join('\n')}
  esac
  if [[ $PREFIX == -* ]]; then
    case $words[2] in
${optionCases.join('\n')}
    esac
    compadd -- $opts --help --version
    return
  fi
  case $words[2] in
${argCases.join('\n')}
  esac
}
if [[ $funcstack[1] == _aws_sso_tray ]]; then
  _aws_sso_tray "$@"
else
  compdef _aws_sso_tray ${BIN}
fi
`
}

/** A fish word in single quotes: only \\ and ' are special inside. */
function fq(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`
}

function fishScript(commands: readonly CompletionCommand[]): string {
  const c = `complete -c ${BIN}`
  const seen = (cmd: string) => `-n ${fq(`__fish_seen_subcommand_from ${cmd}`)}`
  // fish escapes spaces and quotes in the names it inserts.
  const fishCompletes = (x: Completes) => (isList(x) ? ` -a ${fq(x.join(' '))}` : x === 'none' ? '' : ` -a ${fq(`(${query(x)})`)}`)
  const option = (cmd: CompletionCommand, o: string) => {
    const value = cmd.values?.[o]
    return `${c} ${seen(cmd.name)} -l ${o}${value === undefined ? '' : ` -x${fishCompletes(value)}`}`
  }
  const args = NAME_KINDS.flatMap((kind) => {
    const names = byArgs(commands, kind)
    return names.length === 0 ? [] : [`${c} ${seen(names.join(' '))}${fishCompletes(kind)}`]
  })
  return [
    `# fish completion for aws-sso-tray. Load it with:  aws-sso-tray completion fish | source`,
    `# (or save it as ~/.config/fish/completions/aws-sso-tray.fish)`,
    `${c} -f`,
    `${c} -l help -d 'Show help'`,
    `${c} -l version -d 'Show the version'`,
    ...commands.map((cmd) => `${c} -n __fish_use_subcommand -a ${cmd.name} -d ${fq(cmd.summary)}`),
    ...commands.flatMap((cmd) => cmd.options.map((o) => option(cmd, o))),
    ...commands.filter((cmd) => isList(cmd.args)).map((cmd) => `${c} ${seen(cmd.name)}${fishCompletes(cmd.args)}`),
    ...args,
    '',
  ].join('\n')
}
