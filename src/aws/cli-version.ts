// `aws --version` → version triple, and the features that depend on it (aws-cli.md §1).

export interface AwsCliVersion {
  major: number
  minor: number
  patch: number
  text: string
}

export function parseAwsVersion(output: string): AwsCliVersion | undefined {
  const m = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(output)
  if (!m) return undefined
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: `${m[1]}.${m[2]}.${m[3]}` }
}

export function atLeast(v: AwsCliVersion, major: number, minor: number, patch = 0): boolean {
  if (v.major !== major) return v.major > major
  if (v.minor !== minor) return v.minor > minor
  return v.patch >= patch
}

export const awsFeatures = {
  /** `aws sso login` exists only in v2. */
  ssoLogin: (v: AwsCliVersion) => v.major >= 2,
  noBrowser: (v: AwsCliVersion) => atLeast(v, 2, 4, 25),
  ssoSessions: (v: AwsCliVersion) => atLeast(v, 2, 9, 0),
  /** PKCE became the default for sso-session profiles in 2.22, with --use-device-code to opt out. */
  useDeviceCode: (v: AwsCliVersion) => atLeast(v, 2, 22, 0),
}

/** Where the AWS CLI command came from: a setting, or `aws` looked up on PATH. */
export type CommandOrigin = { setting: string } | { path: string }

/**
 * What stops `command` from running `aws sso login`, from its `--version` run: not found (and
 * where we looked), v1, or something else. undefined: it is v2.
 */
export function awsCliProblem(
  command: string,
  run: { notFound: boolean; exitCode: number | undefined; stdout: string; stderr: string },
  origin: CommandOrigin,
): { message: string; hint: string } | undefined {
  if (run.notFound) {
    if ('setting' in origin) return { message: `${command} not found (set by ${origin.setting})`, hint: `install AWS CLI v2 there, or correct ${origin.setting}` }
    const dirs = origin.path.split(':').filter((d) => d !== '')
    const where = command.includes('/') ? 'at that path' : `on PATH (looked in ${dirs.length > 0 ? dirs.join(', ') : 'no directories: PATH is empty'})`
    return { message: `${command} not found ${where}`, hint: 'install AWS CLI v2, or set AWS_SSO_TRAY_AWS (or aws = in the settings file) to its path' }
  }
  const version = parseAwsVersion(run.stdout + run.stderr)
  if (version && version.major === 1) {
    return { message: `${command} is AWS CLI v1 (${version.text}): aws sso login needs v2`, hint: 'install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)' }
  }
  if (!version || !awsFeatures.ssoLogin(version)) {
    const said = (run.stdout + run.stderr).trim().split('\n')[0] ?? ''
    return { message: `${command} is not AWS CLI v2 (its --version printed ${said === '' ? 'nothing' : JSON.stringify(said.slice(0, 80))})`, hint: 'run aws-sso-tray doctor for the fix' }
  }
  return undefined
}
