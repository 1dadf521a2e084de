// Can this AWS CLI run `aws sso login`? Decided from its `--version` run, in the same words
// `check` and `doctor` use: not found (and where we looked), v1 (install v2), or something else.

import { AWS_INSTALL_HINT, awsNotFound } from '../commands/aws-missing.ts'
import { awsFeatures, parseAwsVersion } from '../aws/cli-version.ts'
import type { Env } from '../settings.ts'

export interface VersionRun {
  notFound: boolean
  stdout: string
  stderr: string
}

/** undefined: v2, fit for `aws sso login`. */
export function awsCliProblem(command: string, run: VersionRun, env: Env): { message: string; hint: string } | undefined {
  if (run.notFound) return { message: awsNotFound(command, env), hint: AWS_INSTALL_HINT }
  const printed = run.stdout + run.stderr // v1 on old Pythons prints its version to stderr
  const version = parseAwsVersion(printed)
  if (version && !awsFeatures.ssoLogin(version)) {
    return { message: `${command} is AWS CLI ${version.text}; aws-sso-tray needs AWS CLI v2 (v1 has no SSO login)`, hint: AWS_INSTALL_HINT }
  }
  if (!version) {
    const said = printed.trim().split('\n')[0] ?? ''
    return {
      message: `${command} is not AWS CLI v2 (its --version printed ${said === '' ? 'nothing' : JSON.stringify(said.slice(0, 80))})`,
      hint: 'run aws-sso-tray doctor for the fix',
    }
  }
  return undefined
}
