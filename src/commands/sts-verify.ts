// One `aws sts get-caller-identity` for a profile, classified: shared by check, the tray's
// Verify and Check all, and the tray's quiet verification of refreshable tokens.

import { classifyAwsError, type Failure } from '../aws/classify-error.ts'
import { parseCallerIdentity, stsArgs, type CallerIdentity } from '../aws/verify.ts'
import type { Profile } from '../core/types.ts'
import type { ProcessRunner } from '../ports.ts'

export async function stsVerify(
  runner: ProcessRunner,
  awsCommand: string,
  childEnv: Readonly<Record<string, string>>,
  profile: Pick<Profile, 'name' | 'region' | 'ssoRegion'>,
  timeoutMs: number,
): Promise<CallerIdentity | Failure> {
  const r = await runner.run(awsCommand, stsArgs(profile), { timeoutMs, env: childEnv, extendEnv: false })
  if (r.notFound) return { class: 'cli-error', message: `${awsCommand} not found: install AWS CLI v2 (aws-sso-tray doctor)` }
  return classifyAwsError(r) ?? parseCallerIdentity(r.stdout) ?? { class: 'cli-error', message: 'sts printed no identity' }
}
