// Writes the screenshot's temporary HOME: an AWS config with eight sign-ins (seven sso-sessions
// and one legacy start URL) of two to four profiles each, and an SSO token cache in mixed states,
// so the menu shows every state in its urgency order. Times are relative to now.
// Usage: node scripts/screenshot/home.mjs HOME
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const home = process.argv[2]
if (!home) {
  console.error('usage: node scripts/screenshot/home.mjs HOME')
  process.exit(2)
}
const minutes = 60_000
const at = (ms) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z')

// name, start URL, region, profiles [name, account, role], token (null: none cached)
const sessions = [
  [
    'corp',
    'https://corp.awsapps.com/start',
    'us-east-1',
    [
      ['corp-dev', '111111111111', 'Developer'],
      ['corp-staging', '111111111122', 'Developer'],
      ['corp-prod', '111111111133', 'ReadOnly'],
      ['corp-audit', '111111111144', 'SecurityAudit'],
    ],
    { expiresIn: 5 * 60 + 42 },
  ],
  [
    'data',
    'https://data-platform.awsapps.com/start',
    'eu-central-1',
    [
      ['data-analytics', '222222222211', 'Analyst'],
      ['data-etl', '222222222222', 'PipelineAdmin'],
      ['data-lake', '222222222233', 'ReadOnly'],
    ],
    { expiresIn: 9.6 },
  ],
  [
    'sandbox',
    'https://sandbox.awsapps.com/start',
    'eu-west-1',
    [
      ['sandbox-alice', '333333333311', 'AdministratorAccess'],
      ['sandbox-ml', '333333333322', 'PowerUser'],
    ],
    { expiresIn: -60 },
  ],
  [
    'platform',
    'https://platform.awsapps.com/start',
    'us-west-2',
    [
      ['platform-network', '444444444411', 'NetworkAdmin'],
      ['platform-security', '444444444422', 'SecurityAdmin'],
      ['platform-logs', '444444444433', 'ReadOnly'],
    ],
    { expiresIn: -20, refresh: true },
  ],
  [
    'partner',
    'https://partner-shared.awsapps.com/start',
    'eu-west-2',
    [
      ['partner-shared', '555555555511', 'ReadOnly'],
      ['partner-billing', '555555555522', 'Billing'],
    ],
    null,
  ],
  [
    'ops',
    'https://ops.awsapps.com/start',
    'us-east-1',
    [
      ['ops-oncall', '666666666611', 'OnCall'],
      ['ops-readonly', '666666666622', 'ReadOnly'],
    ],
    { expiresIn: 7 * 60 + 12 },
  ],
  [
    'research',
    'https://research.awsapps.com/start',
    'us-east-2',
    [
      ['research-gpu', '777777777711', 'MLEngineer'],
      ['research-notebooks', '777777777722', 'DataScientist'],
    ],
    { broken: true },
  ],
]
// The legacy form: start URL and region in the profile, one token per start URL, no refresh.
const legacyUrl = 'https://legacy.awsapps.com/start'
const legacy = [
  ['legacy-admin', '888888888811', 'Admin'],
  ['legacy-reports', '888888888822', 'Reports'],
]

const config = []
for (const [name, url, region, profiles] of sessions) {
  config.push(`[sso-session ${name}]`, `sso_start_url = ${url}`, `sso_region = ${region}`, 'sso_registration_scopes = sso:account:access', '')
  for (const [p, account, role] of profiles)
    config.push(`[profile ${p}]`, `sso_session = ${name}`, `sso_account_id = ${account}`, `sso_role_name = ${role}`, `region = ${region}`, '')
}
for (const [p, account, role] of legacy)
  config.push(`[profile ${p}]`, `sso_start_url = ${legacyUrl}`, 'sso_region = eu-west-1', `sso_account_id = ${account}`, `sso_role_name = ${role}`, '')
// A role chained from an SSO profile: it lives and dies with corp's login.
config.push('[profile deploy]', 'role_arn = arn:aws:iam::111111111133:role/Deploy', 'source_profile = corp-prod', '')

const aws = path.join(home, '.aws')
const cache = path.join(aws, 'sso', 'cache')
mkdirSync(cache, { recursive: true, mode: 0o700 })
writeFileSync(path.join(aws, 'config'), config.join('\n'))
const file = (key) => path.join(cache, `${createHash('sha1').update(key).digest('hex')}.json`)
// Placeholders only: nothing here is a real secret.
for (const [name, url, region, , token] of sessions) {
  if (token === null) continue
  if (token.broken) {
    writeFileSync(file(name), JSON.stringify({ startUrl: url, region, accessToken: 'placeholder', expiresAt: 'tomorrow morning' }))
    continue
  }
  const body = { startUrl: url, region, accessToken: 'placeholder', expiresAt: at(token.expiresIn * minutes) }
  if (token.refresh)
    Object.assign(body, {
      refreshToken: 'placeholder',
      clientId: 'placeholder',
      clientSecret: 'placeholder',
      registrationExpiresAt: at(60 * 24 * 60 * minutes),
    })
  writeFileSync(file(name), JSON.stringify(body))
}
writeFileSync(file(legacyUrl), JSON.stringify({ startUrl: legacyUrl, region: 'eu-west-1', accessToken: 'placeholder', expiresAt: at(47 * minutes) }))
