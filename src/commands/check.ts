import { createProcessRunner } from '../adapters/process-runner.ts'
import { loadProfiles } from '../aws/load-profiles.ts'
import { buildCheckResult, type CheckResult } from '../core/check-result.ts'
import { mapLimit } from '../core/map-limit.ts'
import { UsageError } from '../errors.ts'
import type { ProcessRunner } from '../ports.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { awsChildEnv } from './aws-env.ts'
import { assertKnownProfiles, currentTokenStates } from './profile-selection.ts'
import { stsVerify } from './sts-verify.ts'

export interface CheckOptions {
  json: boolean
  concurrency: number
  names: readonly string[]
  timeoutMs?: number
}

/** `check`: verifies SSO profiles with `aws sts get-caller-identity`; exit 0 only when all pass. */
export async function runCheck(ctx: CommandContext, opts: CheckOptions, runner: ProcessRunner = createProcessRunner()): Promise<number> {
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new UsageError('--concurrency must be a whole number >= 1')
  const settings = await loadSettings(ctx)
  const loaded = await loadProfiles(ctx.files, settings)
  assertKnownProfiles(loaded.map, opts.names)
  const selected = loaded.profiles.filter((p) => (opts.names.length > 0 ? opts.names.includes(p.name) : p.kind !== 'other'))
  const env = awsChildEnv(ctx.env)
  const progress = ctx.out.isTTY && !opts.json
  const sts = await mapLimit(
    selected,
    opts.concurrency,
    (p) => stsVerify(runner, settings.awsCommand, env, p, opts.timeoutMs ?? 60_000),
    (done, total) => {
      if (progress) ctx.out.stderr(`\rChecking ${done}/${total}…`)
    },
  )
  if (progress) ctx.out.stderr('\n')
  // Read the cache after the calls: botocore may just have refreshed a token.
  const now = ctx.clock.now()
  const states = await currentTokenStates(ctx.files, settings, selected, now)
  const results = selected.map((p, i) => buildCheckResult(p.name, sts[i] ?? { class: 'cli-error', message: 'not run' }, states[i] ?? null))
  ctx.out.stdout(opts.json ? JSON.stringify({ generatedAt: new Date(now).toISOString(), results }, null, ctx.out.isTTY ? 2 : undefined) + '\n' : renderCheck(results))
  return results.every((r) => r.ok) ? 0 : 1
}

export function renderCheck(results: readonly CheckResult[]): string {
  if (results.length === 0) return 'No SSO profiles to check.\n'
  const width = Math.max(7, ...results.map((r) => r.name.length))
  const lines = results.map((r) =>
    r.ok
      ? `ok    ${r.name.padEnd(width)}  ${r.account ?? ''}  ${r.arn ?? ''}`
      : `FAIL  ${r.name.padEnd(width)}  ${r.error?.class ?? ''}: ${r.error?.message ?? ''}`,
  )
  const failed = results.filter((r) => !r.ok).length
  lines.push('', failed === 0 ? `All ${results.length} profiles verified.` : `${failed} of ${results.length} profiles failed.`)
  return lines.join('\n') + '\n'
}
