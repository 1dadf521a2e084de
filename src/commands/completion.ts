// `aws-sso-tray completion bash|zsh|fish` prints a completion script; the hidden
// `aws-sso-tray __complete profiles` is what those scripts call for profile names.

import { loadProfiles } from '../aws/load-profiles.ts'
import { completionScript, NAME_KINDS, SHELLS, type CompletionCommand, type NameKind, type Shell } from '../core/completion.ts'
import { UsageError } from '../errors.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'

export function runCompletion(ctx: CommandContext, shell: string | undefined, commands: readonly CompletionCommand[]): number {
  if (!SHELLS.includes(shell as Shell)) {
    throw new UsageError(
      shell === undefined ? 'completion needs a shell: bash, zsh or fish' : `no completion for ${JSON.stringify(shell)}: bash, zsh or fish`,
      'e.g. source <(aws-sso-tray completion bash)',
    )
  }
  ctx.out.stdout(completionScript(shell as Shell, commands))
  return 0
}

/**
 * One profile (or sso-session) name per line, read with the same parser as every command. Quiet
 * on a broken config (a completion must never print into the user's command line): what parses
 * is listed.
 */
export async function runCompleteQuery(ctx: CommandContext, what: string | undefined): Promise<number> {
  if (!NAME_KINDS.includes(what as NameKind)) return 2
  const settings = await loadSettings(ctx)
  const { map } = await loadProfiles(ctx.files, settings)
  // The names the commands accept (assertKnownProfiles checks the same map).
  const names = what === 'profiles' ? map.profiles.keys() : map.ssoSessions.keys()
  ctx.out.stdout([...names].map((name) => `${name}\n`).join(''))
  return 0
}
