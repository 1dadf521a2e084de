// Where we looked for the AWS CLI, for `check` and `doctor` when it cannot be started.

import type { Env } from '../settings.ts'

export function awsNotFound(command: string, env: Env): string {
  if (/[/\\]/.test(command)) {
    const from = env.AWS_SSO_TRAY_AWS === command ? 'AWS_SSO_TRAY_AWS' : 'the "aws" setting in config.ini'
    return `the AWS CLI "${command}" (set by ${from}) does not exist or cannot be run`
  }
  return `the AWS CLI "${command}" is not on PATH (looked in ${env.PATH ? env.PATH : 'nothing: PATH is empty'})`
}

export const AWS_INSTALL_HINT = 'install AWS CLI v2, or set AWS_SSO_TRAY_AWS to its full path (aws-sso-tray doctor shows how)'
