// `aws sts get-caller-identity` as argv, and its JSON answer parsed (aws-cli.md §8).

import type { Profile } from '../core/types.ts'

import type { CallerIdentity } from '../core/aws-types.ts'

export type { CallerIdentity } from '../core/aws-types.ts'

/**
 * argv for verifying a profile. `--profile=NAME` as one word: the CLI's parser would take a name
 * starting with `-` for an option. --region because SSO profiles often have none (NoRegion, exit
 * 253); --no-cli-pager because tmux gives the CLI a terminal; --no-cli-auto-prompt so a user's
 * `cli_auto_prompt = on` cannot take over the run.
 */
export function stsArgs(profile: Pick<Profile, 'name' | 'region' | 'ssoRegion'>): string[] {
  return [
    'sts',
    'get-caller-identity',
    `--profile=${profile.name}`,
    '--region',
    profile.region ?? profile.ssoRegion ?? 'us-east-1',
    '--output',
    'json',
    '--no-cli-pager',
    '--no-cli-auto-prompt',
  ]
}

export function parseCallerIdentity(stdout: string): CallerIdentity | undefined {
  try {
    const o = JSON.parse(stdout) as Record<string, unknown>
    if (typeof o.Account === 'string' && typeof o.Arn === 'string' && typeof o.UserId === 'string') {
      return { account: o.Account, arn: o.Arn, userId: o.UserId }
    }
  } catch {
    // not JSON: fall through
  }
  return undefined
}

/** The permission set of an SSO role ARN (`assumed-role/AWSReservedSSO_<Set>_<16 hex>/user`). */
export function permissionSetOf(arn: string): string | undefined {
  return /assumed-role\/AWSReservedSSO_(.+)_[0-9a-f]{16}\//.exec(arn)?.[1]
}
