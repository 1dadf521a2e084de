// Turns what the probes found into one verdict per prerequisite, with a fix for the OS at hand.
// Pure, so every OS's advice is testable on Linux.

import { awsFeatures, type AwsCliVersion } from '../aws/cli-version.ts'
import type { ConfigProblem } from '../core/status-report.ts'
import { formatSettingWarning, type SettingWarning } from '../settings.ts'

export interface DoctorProbes {
  platform: NodeJS.Platform
  arch: string
  aws: {
    command: string
    found: boolean
    version: AwsCliVersion | undefined
    /** Where we looked, in words, when it was not found. */
    missing?: string
    /** The last line `aws --version` printed when it failed (e.g. the CLI refusing the config). */
    failure?: string | null
  }
  /** Another AWS CLI v2 found on this machine when the configured one is missing or v1. */
  otherAwsV2: string | null
  tmux: { found: boolean; version: string | null }
  display: { x11: boolean; wayland: boolean }
  clipboardTool: string | null
  trayHelper: { path: string | null; missingLibs: string[]; error: string | null }
  notifySend: { found: boolean; actions: boolean }
  /** Linux: is a StatusNotifierItem host (watcher) on the session bus? */
  trayHost: 'sni' | 'none' | 'unknown'
  configFile: string
  configErrors: ConfigProblem[]
  /** A config or credentials file that could not be read at all (permissions). */
  configUnreadable?: { file: string; message: string; fix: string } | null
  profiles: { total: number; sso: number }
  /** Unknown keys and bad values in our settings (file or environment). */
  settingsWarnings?: readonly SettingWarning[]
  /** macOS: the machine and Rosetta 2 (null elsewhere, or not probed). */
  mac?: MacProbe | null
}

export interface MacProbe {
  /** An Apple silicon Mac (uname -m says arm64, or this process is translated by Rosetta). */
  appleSilicon: boolean
  /** Rosetta 2 runs x86-64 code here (`arch -x86_64 /usr/bin/true` succeeded, or we run under it); null on Intel. */
  rosetta: boolean | null
}

export type Verdict = 'ok' | 'warn' | 'fail'

export interface DoctorCheck {
  name: string
  verdict: Verdict
  detail: string
  fix: string | null
}

type Os = 'linux' | 'macos' | 'windows'

const FIX: Record<string, Record<Os, string>> = {
  aws: {
    linux:
      'install AWS CLI v2 (Debian/Ubuntu: sudo apt-get install -y awscli; others: see https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)',
    macos: 'brew install awscli',
    windows: 'winget install -e --id Amazon.AWSCLI',
  },
  tmux: {
    linux: 'sudo apt-get install -y tmux (Fedora: sudo dnf install tmux)',
    macos: 'brew install tmux',
    windows: 'tmux is not available natively; logins use the fallback runner (fine)',
  },
  tray: {
    linux: 'sudo apt-get install -y libayatana-appindicator3-1 libgtk-3-0 (Fedora/Arch: libappindicator-gtk3); GNOME also needs the AppIndicator extension',
    macos: 'the tray helper is x86_64-only: on Apple Silicon install Rosetta 2 (softwareupdate --install-rosetta)',
    windows: 'reinstall aws-sso-tray (npm ci) so node_modules/systray2/traybin is complete',
  },
  notify: {
    linux: 'sudo apt-get install -y libnotify-bin (0.7.10+ for clickable actions; Debian 12 has 0.8.1)',
    macos: 'allow "terminal-notifier" in System Settings > Notifications',
    windows: 'enable notifications for Node.js in Settings > System > Notifications',
  },
  clipboard: {
    linux: 'run inside a desktop session (DISPLAY or WAYLAND_DISPLAY set); install xsel or wl-clipboard',
    macos: 'pbcopy ships with macOS',
    windows: 'Set-Clipboard ships with PowerShell',
  },
}

function osOf(platform: NodeJS.Platform): Os {
  return platform === 'darwin' ? 'macos' : platform === 'win32' ? 'windows' : 'linux'
}

export function evaluateDoctor(p: DoctorProbes): DoctorCheck[] {
  const os = osOf(p.platform)
  return [awsCheck(p, os), configCheck(p), ...settingsChecks(p), runnerCheck(p, os), ...rosettaChecks(p, os), ...desktopChecks(p, os)]
}

/** One line per settings warning: the default was used, so it warns but never fails. */
function settingsChecks(p: DoctorProbes): DoctorCheck[] {
  return (p.settingsWarnings ?? []).map((w) => ({
    name: 'settings',
    verdict: 'warn',
    detail: formatSettingWarning(w),
    fix: /^[A-Z][A-Z0-9_]*$/.test(w.where)
      ? `correct or unset ${w.where}`
      : `correct line ${w.where.slice(w.where.lastIndexOf(':') + 1)} of ${w.where.slice(0, w.where.lastIndexOf(':'))} (aws-sso-tray config show prints what is in effect)`,
  }))
}

const ROSETTA_FIX = 'softwareupdate --install-rosetta'

/** Apple silicon without Rosetta 2: the x86-64 tray helper and terminal-notifier cannot run. */
function withoutRosetta(p: DoctorProbes, os: Os): boolean {
  return os === 'macos' && p.mac?.appleSilicon === true && p.mac.rosetta === false
}

function rosettaChecks(p: DoctorProbes, os: Os): DoctorCheck[] {
  if (os !== 'macos' || !p.mac?.appleSilicon) return []
  if (p.mac.rosetta) {
    return [
      {
        name: 'Rosetta 2',
        verdict: 'ok',
        detail: 'installed: the tray helper and terminal-notifier (x86-64 only) run under it; Apple keeps Rosetta 2 for general use only through macOS 27',
        fix: null,
      },
    ]
  }
  return [
    {
      name: 'Rosetta 2',
      verdict: 'warn',
      detail:
        "not installed: the tray icon cannot show (systray2's helper is x86-64 only) and notices fall back to osascript, which has no clicks (act with aws-sso-tray login PROFILE); the CLI works",
      fix: ROSETTA_FIX,
    },
  ]
}

export function doctorExitCode(checks: readonly DoctorCheck[]): 0 | 1 {
  return checks.some((c) => c.verdict === 'fail') ? 1 : 0
}

function awsCheck(p: DoctorProbes, os: Os): DoctorCheck {
  const name = 'AWS CLI v2'
  const elsewhere = p.otherAwsV2 ? `; an AWS CLI v2 is at ${p.otherAwsV2}: put it first on PATH or set AWS_SSO_TRAY_AWS=${p.otherAwsV2}` : ''
  if (!p.aws.found) return { name, verdict: 'fail', detail: p.aws.missing ?? `"${p.aws.command}" not found on PATH`, fix: FIX.aws![os] + elsewhere }
  const v = p.aws.version
  if (!v) {
    const refused = refusedConfig(p)
    if (refused) return { name, verdict: 'fail', detail: `"${p.aws.command} --version" failed: ${refused.detail}`, fix: refused.fix }
    return { name, verdict: 'fail', detail: `"${p.aws.command} --version" printed no aws-cli version`, fix: FIX.aws![os] + elsewhere }
  }
  if (!awsFeatures.ssoLogin(v)) {
    return { name, verdict: 'fail', detail: `${p.aws.command} is AWS CLI ${v.text} (v1 has no "aws sso login")`, fix: FIX.aws![os] + elsewhere }
  }
  if (!awsFeatures.noBrowser(v)) {
    return { name, verdict: 'fail', detail: `AWS CLI ${v.text} lacks --no-browser (needs 2.4.25+)`, fix: FIX.aws![os] }
  }
  const flows = awsFeatures.useDeviceCode(v) ? 'PKCE and device-code logins' : 'device-code logins only (PKCE needs 2.22+)'
  return { name, verdict: 'ok', detail: `AWS CLI ${v.text} (${flows})`, fix: null }
}

/**
 * The AWS CLI reads the config before it does anything, even `--version`: a file it refuses makes
 * it fail, which is not a missing CLI. Name the file and line (ours, else the CLI's own words).
 */
function refusedConfig(p: DoctorProbes): { detail: string; fix: string } | undefined {
  const said = p.aws.failure ?? ''
  const first = p.configErrors[0]
  if (first && (said === '' || /unable to parse config file/i.test(said))) {
    return {
      detail: `the AWS CLI refuses ${first.file}, line ${first.line}: ${first.message}`,
      fix: `fix line ${first.line} of ${first.file}: the AWS CLI runs no command until then`,
    }
  }
  const m = /unable to parse config file: (.+)$/i.exec(said)
  if (m)
    return {
      detail: `the AWS CLI refuses ${m[1] ?? 'its config file'} ("${said}")`,
      fix: `fix ${m[1] ?? 'the config file'}: the AWS CLI runs no command until then`,
    }
  return undefined
}

function configCheck(p: DoctorProbes): DoctorCheck {
  const name = 'AWS config'
  if (p.configUnreadable) return { name, verdict: 'fail', detail: p.configUnreadable.message, fix: p.configUnreadable.fix }
  const first = p.configErrors[0]
  if (first) {
    return {
      name,
      verdict: 'fail',
      detail: `${first.file}:${first.line}: ${first.message}${p.configErrors.length > 1 ? ` (+${p.configErrors.length - 1} more)` : ''}`,
      fix: 'fix that line: the AWS CLI refuses the whole file until then (aws-sso-tray status lists every problem)',
    }
  }
  if (p.profiles.sso === 0) {
    return { name, verdict: 'warn', detail: `${p.profiles.total} profiles in ${p.configFile}, none uses SSO`, fix: 'aws configure sso' }
  }
  return { name, verdict: 'ok', detail: `${p.profiles.sso} SSO profiles of ${p.profiles.total} in ${p.configFile}`, fix: null }
}

function runnerCheck(p: DoctorProbes, os: Os): DoctorCheck {
  if (p.tmux.found) return { name: 'login runner', verdict: 'ok', detail: `tmux ${p.tmux.version ?? ''}`.trim(), fix: null }
  return { name: 'login runner', verdict: 'warn', detail: 'tmux not found: logins run as a detached child process instead', fix: FIX.tmux![os] }
}

function desktopChecks(p: DoctorProbes, os: Os): DoctorCheck[] {
  const checks: DoctorCheck[] = []
  const hasDisplay = os !== 'linux' || p.display.x11 || p.display.wayland
  if (os === 'linux') {
    checks.push(
      hasDisplay
        ? { name: 'display', verdict: 'ok', detail: p.display.wayland ? 'Wayland' : 'X11', fix: null }
        : {
            name: 'display',
            verdict: 'warn',
            detail: 'no DISPLAY or WAYLAND_DISPLAY: no tray or clipboard; the CLI still works',
            fix: 'start aws-sso-tray from your desktop session',
          },
    )
  }
  checks.push(
    hasDisplay && (os !== 'linux' || p.clipboardTool)
      ? { name: 'clipboard', verdict: 'ok', detail: p.clipboardTool ?? 'system clipboard', fix: null }
      : { name: 'clipboard', verdict: 'warn', detail: 'no clipboard backend: login URLs are printed instead', fix: FIX.clipboard![os] },
  )
  const helper = p.trayHelper
  if (withoutRosetta(p, os)) {
    checks.push({
      name: 'tray',
      verdict: 'warn',
      detail: 'the tray helper is x86-64 only and Rosetta 2 is not installed: no tray icon; the CLI and notifications still work',
      fix: ROSETTA_FIX,
    })
  } else if (!helper.path || helper.error || helper.missingLibs.length > 0) {
    const detail = helper.error ?? (helper.missingLibs.length > 0 ? `tray helper misses ${helper.missingLibs.join(', ')}` : 'tray helper not found')
    checks.push({ name: 'tray', verdict: 'warn', detail: `${detail}; the CLI and notifications still work`, fix: FIX.tray![os] })
  } else if (os === 'linux' && p.trayHost === 'none') {
    checks.push({
      name: 'tray',
      verdict: 'warn',
      detail: 'helper ready, but no StatusNotifierItem host on the session bus: the icon shows only in an X11 system tray (XEmbed)',
      fix: 'GNOME: install the AppIndicator extension (gnome-shell-extension-appindicator); KDE, XFCE and waybar have a host built in',
    })
  } else {
    const note =
      os !== 'linux'
        ? ''
        : p.trayHost === 'sni'
          ? ' (StatusNotifierItem host running)'
          : ' (needs a StatusNotifierItem host: KDE, XFCE, waybar, GNOME with AppIndicator)'
    checks.push({ name: 'tray', verdict: 'ok', detail: `helper ready${note}`, fix: null })
  }
  // Which tray the app runs here (src/commands/tray.ts decides the same way at start).
  if (os === 'linux')
    checks.push({
      name: 'tray backend',
      verdict: 'ok',
      detail:
        p.trayHost === 'sni'
          ? 'native StatusNotifierItem over D-Bus (a StatusNotifierWatcher runs; no helper process)'
          : 'systray2 helper (no StatusNotifierWatcher on the session bus); the native item takes over if one appears',
      fix: null,
    })
  if (os === 'linux') {
    checks.push(
      p.notifySend.found
        ? p.notifySend.actions
          ? { name: 'notifications', verdict: 'ok', detail: 'notify-send with clickable actions', fix: null }
          : { name: 'notifications', verdict: 'warn', detail: 'notify-send without actions: clicks do nothing, use the tray menu', fix: FIX.notify!.linux }
        : { name: 'notifications', verdict: 'warn', detail: 'notify-send not found: no desktop notifications', fix: FIX.notify!.linux },
    )
  } else if (withoutRosetta(p, os)) {
    checks.push({
      name: 'notifications',
      verdict: 'warn',
      detail: 'osascript notices (terminal-notifier is x86-64 only): no clicks; act from the tray menu or with aws-sso-tray login',
      fix: ROSETTA_FIX,
    })
  } else {
    checks.push({ name: 'notifications', verdict: 'ok', detail: `node-notifier (if none show: ${FIX.notify![os]})`, fix: null })
  }
  return checks
}
