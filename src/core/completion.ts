// Shell completion scripts for bash, zsh and fish, generated from the command table in main.ts.
// Profile names are not baked in: the scripts ask `aws-sso-tray __complete profiles` each time,
// which prints one name per line from the same config parser the commands use.

export type Shell = 'bash' | 'zsh' | 'fish'
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish']

export interface CompletionCommand {
  name: string
  summary: string
  /** Long options, without the leading dashes. */
  options: readonly string[]
  /** What the positional arguments are: profile names, or a fixed list of words. */
  args: 'profiles' | readonly string[] | 'none'
}

export const PROFILES_QUERY = ['__complete', 'profiles'] as const
const BIN = 'aws-sso-tray'

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

const dashed = (c: CompletionCommand) => c.options.map((o) => `--${o}`).join(' ')
const words = (c: CompletionCommand) => (Array.isArray(c.args) ? (c.args as readonly string[]).join(' ') : '')
const profileCommands = (commands: readonly CompletionCommand[]) => commands.filter((c) => c.args === 'profiles').map((c) => c.name)

function bashScript(commands: readonly CompletionCommand[]): string {
  const optionCases = commands.map((c) => `      ${c.name}) opts=${sq(dashed(c))} ;;`)
  const wordCases = commands.filter((c) => words(c)).map((c) => `    ${c.name}) COMPREPLY=($(compgen -W ${sq(words(c))} -- "$cur")) ;;`)
  return `# bash completion for aws-sso-tray. Load it with:  source <(aws-sso-tray completion bash)
_aws_sso_tray() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmd=\${COMP_WORDS[1]-} opts name
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${sq(commands.map((c) => c.name).join(' '))} -- "$cur"))
    return
  fi
  if [[ $cur == -* ]]; then
    case $cmd in
${optionCases.join('\n')}
      *) opts='' ;;
    esac
    COMPREPLY=($(compgen -W "$opts --help --version" -- "$cur"))
    return
  fi
  case $cmd in
    ${profileCommands(commands).join('|')})
      # Names may hold spaces or quotes: offer each one escaped as the shell reads it back, and
      # match what was typed against the name itself or its escaped form.
      while IFS= read -r name; do
        local quoted
        printf -v quoted '%q' "$name"
        if [[ $name == "$cur"* || $quoted == "$cur"* ]]; then COMPREPLY+=("$quoted"); fi
      done < <(command ${BIN} ${PROFILES_QUERY.join(' ')} 2>/dev/null)
      ;;
${wordCases.join('\n')}
  esac
}
complete -F _aws_sso_tray ${BIN}
`
}

function zshScript(commands: readonly CompletionCommand[]): string {
  const described = commands.map((c) => `    ${sq(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)}`)
  const optionCases = commands.map((c) => `      ${c.name}) opts=(${c.options.map((o) => `--${o}`).join(' ')}) ;;`)
  const wordCases = commands.filter((c) => words(c)).map((c) => `    ${c.name}) compadd -- ${words(c)} ;;`)
  return `#compdef ${BIN}
# zsh completion for aws-sso-tray. Load it with:  source <(aws-sso-tray completion zsh)
# (after compinit), or save it as _aws_sso_tray in a folder on $fpath.
_aws_sso_tray() {
  local -a commands opts profiles
  commands=(
${described.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'aws-sso-tray command' commands
    return
  fi
  if [[ $PREFIX == -* ]]; then
    case $words[2] in
${optionCases.join('\n')}
    esac
    compadd -- $opts --help --version
    return
  fi
  case $words[2] in
    ${profileCommands(commands).join('|')})
      # One name per line; compadd quotes spaces and quotes itself.
      profiles=("\${(@f)$(command ${BIN} ${PROFILES_QUERY.join(' ')} 2>/dev/null)}")
      compadd -a profiles
      ;;
${wordCases.join('\n')}
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
  const lines = [
    `# fish completion for aws-sso-tray. Load it with:  aws-sso-tray completion fish | source`,
    `# (or save it as ~/.config/fish/completions/aws-sso-tray.fish)`,
    `${c} -f`,
    `${c} -l help -d 'Show help'`,
    `${c} -l version -d 'Show the version'`,
    ...commands.map((cmd) => `${c} -n __fish_use_subcommand -a ${cmd.name} -d ${fq(cmd.summary)}`),
    ...commands.flatMap((cmd) => cmd.options.map((o) => `${c} -n ${fq(`__fish_seen_subcommand_from ${cmd.name}`)} -l ${o}`)),
    ...commands.filter((cmd) => words(cmd)).map((cmd) => `${c} -n ${fq(`__fish_seen_subcommand_from ${cmd.name}`)} -a ${fq(words(cmd))}`),
    // fish escapes spaces and quotes in the names it inserts.
    `${c} -n ${fq(`__fish_seen_subcommand_from ${profileCommands(commands).join(' ')}`)} -a '(command ${BIN} ${PROFILES_QUERY.join(' ')} 2>/dev/null)'`,
    '',
  ]
  return lines.join('\n')
}
