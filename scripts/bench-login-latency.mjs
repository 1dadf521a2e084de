// Benchmark for the login hand-off (issue 3). One command: npm run bench:login
// 20 logins against the fake aws under real tmux: the time from the CLI writing the URL line that
// completes the hand-off (device flow: the URL that autofills the code) to the browser command starting (a /bin/sh stand-in stamping its start). Clipboard is off here
// (--no-copy): it needs a display; copy and open run concurrently, so open's latency bounds both.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const RUNS = 20
const dir = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-bench-login-'))
mkdirSync(path.join(dir, '.aws'), { recursive: true })
mkdirSync(path.join(dir, 'run'), { mode: 0o700 })
writeFileSync(
  path.join(dir, '.aws', 'config'),
  '[profile p]\nsso_start_url = https://my-sso-portal.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n',
)
const browser = path.join(dir, 'browser.sh')
writeFileSync(browser, `#!/bin/sh\ndate +%s%N > ${path.join(dir, 'opened')}\n`, { mode: 0o755 })
writeFileSync(path.join(dir, 'approved'), '')
const socket = `aws-sso-tray-bench-${process.pid}`
const latencies = []
for (let i = 0; i < RUNS; i++) {
  rmSync(path.join(dir, 'url-stamp'), { force: true })
  rmSync(path.join(dir, 'opened'), { force: true })
  const env = {
    ...process.env,
    PATH: `${path.join(ROOT, 'test/fixtures/bin')}${path.delimiter}${process.env.PATH}`,
    HOME: dir,
    XDG_RUNTIME_DIR: path.join(dir, 'run'),
    AWS_SSO_TRAY_TMUX_SOCKET: socket,
    AWS_SSO_TRAY_BROWSER: browser,
    AWS_FAKE_LOGIN_TRANSCRIPT: path.join(ROOT, 'test/fixtures/aws-output/device-2.9.19.txt'),
    AWS_FAKE_TOKEN_KEY: 'https://my-sso-portal.awsapps.com/start',
    AWS_FAKE_URL_STAMP: path.join(dir, 'url-stamp'),
    AWS_FAKE_LINE_DELAY_MS: '100',
  }
  delete env.NODE_EXTRA_CA_CERTS
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.cjs'), 'login', 'p', '--json', '--no-copy'], { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`login failed: ${r.stdout}${r.stderr}`)
  const wrote = Number(readFileSync(path.join(dir, 'url-stamp'), 'utf8'))
  const opened = Number(readFileSync(path.join(dir, 'opened'), 'utf8').trim()) / 1e6
  latencies.push(opened - wrote)
}
spawnSync('tmux', ['-L', socket, 'kill-server'])
rmSync(dir, { recursive: true, force: true })
latencies.sort((a, b) => a - b)
const median = latencies[Math.floor(RUNS / 2)]
console.log(`login hand-off latency over ${RUNS} runs (URL line written → browser command started)`)
console.log(`  median ${median.toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms, min ${latencies[0].toFixed(1)} ms   (target <= 50 ms)`)
