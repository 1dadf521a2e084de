import { createProcessRunner } from '../adapters/process-runner.ts'
import type { Failure } from '../aws/classify-error.ts'
import { parseAwsVersion } from '../aws/cli-version.ts'
import { loadProfiles } from '../aws/load-profiles.ts'
import { buildCheckResult } from '../core/check-result.ts'
import { mapLimit } from '../core/map-limit.ts'
import type { ConfigProblem } from '../core/status-report.ts'
import { UsageError } from '../errors.ts'
import type { ProcessRunner } from '../ports.ts'
import { renderCheck } from '../render/check-report.ts'
import { colourEnabled, painter } from '../render/colour.ts'
import { AWS_INSTALL_HINT, awsNotFound } from './aws-missing.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'
import { awsChildEnv } from './aws-env.ts'
import { assertKnownProfiles, currentTokens } from './profile-selection.ts'
import { stsVerify } from './sts-verify.ts'

export interface CheckOptions {
  json: boolean
  /** Calls at once; absent: the check_concurrency setting. */
  concurrency?: number
  /** Full rows (the caller ARN) whatever the terminal width. */
  wide?: boolean
  names: readonly string[]
  timeoutMs?: number
}

/** `check`: verifies SSO profiles with `aws sts get-caller-identity`; exit 0 only when all pass. */
export async function runCheck(ctx: CommandContext, opts: CheckOptions, runner: ProcessRunner = createProcessRunner()): Promise<number> {
  if (opts.concurrency !== undefined && (!Number.isInteger(opts.concurrency) || opts.concurrency < 1)) {
    throw new UsageError('--concurrency must be a whole number >= 1')
  }
  const settings = await loadSettings(ctx)
  const concurrency = opts.concurrency ?? settings.checkConcurrency
  const loaded = await loadProfiles(ctx.files, settings)
  assertKnownProfiles(loaded.map, opts.names)
  const selected = loaded.profiles.filter((p) => (opts.names.length > 0 ? opts.names.includes(p.name) : p.kind !== 'other'))
  // The AWS CLI refuses a whole file with a parse error, and a misconfigured profile fails before
  // any call: report those as they are and spend no sts call on them.
  const refused = refusedFile(loaded.configErrors)
  const known: (Failure | null)[] = selected.map((p) => refused ?? (p.configError === null ? null : { class: 'config', message: p.configError }))
  const toRun = selected.filter((_, i) => known[i] === null)
  const env = awsChildEnv(ctx.env)
  const progress = ctx.out.isTTY && !opts.json
  let notFound = false
  const watching: ProcessRunner = {
    async run(file, args, options) {
      const r = await runner.run(file, args, options)
      if (r.notFound) notFound = true
      return r
    },
  }
  const sts = await mapLimit(
    toRun,
    concurrency,
    (p) => stsVerify(watching, settings.awsCommand, env, p, opts.timeoutMs ?? 60_000),
    (done, total) => {
      if (progress) ctx.out.stderr(`\rChecking ${done}/${total}…`)
    },
  )
  if (progress && toRun.length > 0) ctx.out.stderr('\n')
  const answers = new Map(toRun.map((p, i) => [p.name, sts[i] ?? ({ class: 'cli-error', message: 'not run' } as const)]))
  const failures = [...answers.values()].filter((a): a is Failure => 'class' in a)
  const explain = await explainCliErrors(runner, settings.awsCommand, ctx.env, notFound, failures)
  // Read the cache after the calls: botocore may just have refreshed a token.
  const now = ctx.clock.now()
  const tokens = await currentTokens(ctx.files, settings, selected, now)
  const results = selected.map((p, i) => {
    const answer = known[i] ?? answers.get(p.name) ?? { class: 'cli-error', message: 'not run' }
    return buildCheckResult(p.name, 'class' in answer ? (explain(answer) ?? answer) : answer, tokens[i] ?? null)
  })
  ctx.out.stdout(
    opts.json
      ? JSON.stringify({ generatedAt: new Date(now).toISOString(), results, configErrors: loaded.configErrors }, null, ctx.out.isTTY ? 2 : undefined) + '\n'
      : renderCheck(results, loaded.configErrors, {
          paint: painter(colourEnabled(ctx.env, ctx.out.isTTY)),
          width: opts.wide || !ctx.out.isTTY ? undefined : ctx.out.columns,
        }),
  )
  return results.every((r) => r.ok) && (selected.length === 0 || loaded.configErrors.length === 0) ? 0 : 1
}

function refusedFile(problems: readonly ConfigProblem[]): Failure | null {
  const first = problems[0]
  if (!first) return null
  return { class: 'config', message: `the AWS CLI refuses ${first.file}: line ${first.line}: ${first.message}` }
}

/**
 * A CLI that could not start, or one that is v1 (no SSO, other flags), fails every call with
 * text that does not say so: replace those failures with what is wrong and the fix. Costs one
 * `aws --version`, and only when some call failed without a known cause.
 */
async function explainCliErrors(
  runner: ProcessRunner,
  command: string,
  env: CommandContext['env'],
  notFound: boolean,
  failures: readonly Failure[],
): Promise<(f: Failure) => Failure | undefined> {
  if (notFound) {
    const message = `${awsNotFound(command, env)}: ${AWS_INSTALL_HINT}`
    return (f) => (f.class === 'cli-error' ? { class: 'cli-error', message } : undefined)
  }
  if (!failures.some((f) => f.class === 'cli-error')) return () => undefined
  const r = await runner.run(command, ['--version'], { timeoutMs: 15_000, env: awsChildEnv(env), extendEnv: false })
  const v = parseAwsVersion(r.stdout + r.stderr)
  if (!v || v.major >= 2) return () => undefined
  const message = `${command} is AWS CLI ${v.text}; aws-sso-tray needs AWS CLI v2 (v1 has no SSO login): ${AWS_INSTALL_HINT}`
  return (f) => (f.class === 'cli-error' ? { class: 'cli-error', message } : undefined)
}
