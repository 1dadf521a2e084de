// Benchmark for `check` (issue 3). One command: npm run bench:check
// 40 SSO profiles, a stand-in aws answering each sts call in 300 ms.
// In the same run: `aws-sso-tray check --concurrency 4` vs a sequential loop of the same 40
// calls; the ideal is ceil(40/4) x 300 ms.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

const ROOT = path.resolve(import.meta.dirname, '..')
const CLI = path.join(ROOT, 'dist', 'cli.cjs')
const N = 40
const DELAY = 300
const home = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-bench-check-'))
mkdirSync(path.join(home, '.aws', 'sso', 'cache'), { recursive: true })
const tokenFile = path.join(home, '.aws', 'sso', 'cache', createHash('sha1').update('corp').digest('hex') + '.json')
writeFileSync(tokenFile, JSON.stringify({ accessToken: 'x', expiresAt: new Date(Date.now() + 3600_000).toISOString() }))
let config = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n'
for (let i = 0; i < N; i++) config += `[profile p${i}]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = R\n`
writeFileSync(path.join(home, '.aws', 'config'), config)
// A /bin/sh stand-in answering in 300 ms: the Node fake in test/fixtures costs ~80 ms of start-up
// per call on these machines, which would measure Node start-up rather than check's scheduling.
const FAKE = path.join(home, 'aws')
writeFileSync(
  FAKE,
  `#!/bin/sh\nsleep ${DELAY / 1000}\nprintf '{"UserId":"U","Account":"111111111111","Arn":"arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_R_0123456789abcdef/u"}\\n'\n`,
  { mode: 0o755 },
)
const env = { ...process.env, HOME: home, AWS_SSO_TRAY_AWS: FAKE }
delete env.NODE_EXTRA_CA_CERTS

const t0 = performance.now()
const r = spawnSync(process.execPath, [CLI, 'check', '--json', '--concurrency', '4'], { env, encoding: 'utf8' })
const ours = performance.now() - t0
if (r.status === null) throw new Error(r.stderr)
const results = JSON.parse(r.stdout).results
if (results.length !== N || !results.every((x) => x.ok)) throw new Error('unexpected check output')

const t1 = performance.now()
for (let i = 0; i < N; i++) {
  spawnSync(FAKE, ['sts', 'get-caller-identity', '--profile', `p${i}`, '--region', 'us-east-1', '--output', 'json'], { env })
}
const loop = performance.now() - t1
const ideal = Math.ceil(N / 4) * DELAY
console.log(`check benchmark: ${N} profiles, fake sts answering in ${DELAY} ms`)
console.log(`  check --concurrency 4   ${ours.toFixed(0).padStart(6)} ms   ${(ours / ideal).toFixed(2)}x the ideal ${ideal} ms (target <= 1.2x)`)
console.log(`  sequential loop         ${loop.toFixed(0).padStart(6)} ms   loop / check = ${(loop / ours).toFixed(2)}x (target >= 3.3x)`)
rmSync(home, { recursive: true, force: true })
