// Records `aws sso login --no-browser` transcripts from the real AWS CLI v2 into
// test/fixtures/aws-output/ (npm run record:aws-output). The CLI runs through
// test/fixtures/bin/aws2-local against the local stand-in for IAM Identity Center
// (test/support/fake-identity-center.ts), in a temp HOME; a stand-in user approves or denies with
// the user code the CLI printed, or lets the code expire. stdout and stderr are kept in the order
// they arrived (as a terminal shows them); the header says which lines went to stderr.
// Needs the CLI's Python package (Debian/Ubuntu: apt-get install awscli) at /usr/bin/python3.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const ROOT = path.resolve(import.meta.dirname, '..')
const OUT = path.join(ROOT, 'test/fixtures/aws-output')
const LAUNCHER = path.join(ROOT, 'test/fixtures/bin/aws2-local')
const START_URL = 'https://my-sso-portal.awsapps.com/start'
const USER_CODE = 'WDQK-RTLM'

const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-record-'))
// The stand-in is TypeScript (the tests import it); bundle it once for plain Node.
const serverModule = path.join(dir, 'fake-identity-center.mjs')
await build({
  entryPoints: [path.join(ROOT, 'test/support/fake-identity-center.ts')],
  outfile: serverModule,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
})
const { startFakeIdentityCenter } = await import(pathToFileURL(serverModule).href)

try {
  const version = spawnSync(LAUNCHER, ['--version'], { encoding: 'utf8' })
  if (version.status !== 0)
    throw new Error(`cannot run the AWS CLI through ${LAUNCHER}: ${version.stderr.trim() || `exit ${version.status}`} (apt-get install awscli)`)
  const cli = version.stdout.trim()
  const cliVersion = /^aws-cli\/(\S+)/.exec(cli)?.[1] ?? 'unknown'
  const recordings = [
    { file: `device-${cliVersion}.txt`, user: 'approve', what: 'device-code flow, the user approves' },
    { file: `error-denied-${cliVersion}.txt`, user: 'deny', what: 'device-code flow, the user denies (access_denied)' },
    {
      file: `error-expired-${cliVersion}.txt`,
      user: 'wait',
      what: 'device-code flow, nobody approves until the code expires (expired_token)',
      options: { deviceCodeExpiresIn: 2 },
    },
  ]
  for (const r of recordings) {
    const { lines, stderrLines, code } = await record(r.user, r.options ?? {})
    const header = [
      `# recorded from ${cli} by scripts/record-aws-output.mjs`,
      `# aws sso login --profile legacy --no-browser: ${r.what}; exit ${code}` +
        (stderrLines.length > 0 ? `; lines ${stderrLines.join(', ')} below went to stderr` : ''),
      "# against test/support/fake-identity-center.ts: the URLs and the user code are the stand-in's, in the shape AWS used",
    ]
    writeFileSync(path.join(OUT, r.file), [...header, ...lines].join('\n') + '\n')
    console.log(`wrote ${path.relative(ROOT, path.join(OUT, r.file))} (exit ${code})`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

/** One login in a fresh HOME; returns its lines in arrival order, which of them (1-based) were stderr, and the exit code. */
async function record(user, options) {
  const idc = await startFakeIdentityCenter({ userCodes: [USER_CODE], ...options })
  const home = mkdtempSync(path.join(dir, 'home-'))
  mkdirSync(path.join(home, '.aws'))
  writeFileSync(
    path.join(home, '.aws', 'config'),
    `[profile legacy]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n`,
  )
  try {
    const child = spawn(LAUNCHER, ['sso', 'login', '--profile', 'legacy', '--no-browser'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8', AWS_SSO_TRAY_TEST_ENDPOINT: idc.url },
    })
    // Whole lines in the order they arrived; a chunk may end mid-line, so each stream keeps its rest.
    const lines = []
    const stderrLines = []
    const rest = { out: '', err: '' }
    const take = (stream, text) => {
      const parts = (rest[stream] + text).split('\n')
      rest[stream] = parts.pop()
      for (const line of parts) {
        lines.push(line)
        if (stream === 'err') stderrLines.push(lines.length)
      }
    }
    let decided = false
    child.stdout.on('data', (d) => {
      take('out', d.toString())
      // The person reads the code off the prompt and acts on it in the browser.
      if (!decided && user !== 'wait' && lines.includes(USER_CODE)) {
        decided = true
        void fetch(`${idc.url}/${user}?user_code=${USER_CODE}`)
      }
    })
    child.stderr.on('data', (d) => take('err', d.toString()))
    const code = await new Promise((resolve) => child.on('close', resolve))
    for (const stream of ['out', 'err']) if (rest[stream] !== '') take(stream, '\n')
    return { lines, stderrLines, code }
  } finally {
    await idc.close()
  }
}
