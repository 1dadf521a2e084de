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
