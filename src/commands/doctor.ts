import { createProcessRunner } from '../adapters/process-runner.ts'
import { loadProfiles } from '../aws/load-profiles.ts'
import { doctorExitCode, evaluateDoctor } from '../doctor/checks.ts'
import { findOtherAwsV2, probeAws, probeClipboardTool, probeMac, probeNotifySend, probeTmux, probeTrayHelper, probeTrayHost } from '../doctor/probes.ts'
import { FileError } from '../errors.ts'
import type { ProcessRunner } from '../ports.ts'
import { colourEnabled, painter } from '../render/colour.ts'
import { renderDoctor } from '../render/doctor-report.ts'
import { awsNotFound } from './aws-missing.ts'
import type { CommandContext } from './context.ts'
import { loadSettings } from './load-settings.ts'

export async function runDoctor(ctx: CommandContext, opts: { json: boolean }, runner: ProcessRunner = createProcessRunner()): Promise<number> {
  const settings = await loadSettings(ctx)
  const [read, aws, tmux, clipboardTool, trayHelper, notifySend, trayHost, mac] = await Promise.all([
    // An unreadable config is one failed check among the others, not the end of the diagnosis.
    loadProfiles(ctx.files, settings).then(
      (loaded) => ({ loaded, unreadable: null }),
      (error: unknown) => {
        if (!(error instanceof FileError)) throw error
        return { loaded: null, unreadable: { file: error.path, message: error.message, fix: error.hint ?? `check the permissions of ${error.path}` } }
      },
    ),
    probeAws(runner, settings.awsCommand),
    probeTmux(runner),
    probeClipboardTool(runner, ctx.platform, ctx.env),
    probeTrayHelper(runner, ctx.platform, process.arch),
    probeNotifySend(runner),
    probeTrayHost(runner, ctx.platform, ctx.env),
    probeMac(runner, ctx.platform),
  ])
  if (!aws.found) aws.missing = awsNotFound(settings.awsCommand, ctx.env)
  const needsOther = !aws.found || !aws.version || aws.version.major < 2
  const checks = evaluateDoctor({
    platform: ctx.platform,
    arch: process.arch,
    aws,
    otherAwsV2: needsOther ? await findOtherAwsV2(runner, ctx.platform, settings.awsCommand) : null,
    tmux,
    display: { x11: Boolean(ctx.env.DISPLAY), wayland: Boolean(ctx.env.WAYLAND_DISPLAY) },
    clipboardTool,
    trayHelper,
    notifySend,
    trayHost,
    configFile: settings.configFile,
    configErrors: read.loaded?.configErrors ?? [],
    configUnreadable: read.unreadable,
    profiles: { total: read.loaded?.profiles.length ?? 0, sso: read.loaded?.profiles.filter((p) => p.kind !== 'other').length ?? 0 },
    settingsWarnings: settings.warnings,
    mac,
  })
  ctx.out.stdout(
    opts.json
      ? JSON.stringify({ checks }, null, 2) + '\n'
      : renderDoctor(checks, { paint: painter(colourEnabled(ctx.env, ctx.out.isTTY)), width: ctx.out.isTTY ? ctx.out.columns : undefined }),
  )
  return doctorExitCode(checks)
}
