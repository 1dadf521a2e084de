// Gathers the facts `doctor` judges. Every process is run as argv through the ProcessRunner.

import { createRequire } from 'node:module'
import path from 'node:path'
import { parseAwsVersion } from '../aws/cli-version.ts'
import type { ProcessRunner } from '../ports.ts'
import type { Env } from '../settings.ts'
import type { DoctorProbes, MacProbe } from './checks.ts'

const TIMEOUT = { timeoutMs: 15_000 }

export async function probeAws(runner: ProcessRunner, command: string): Promise<DoctorProbes['aws']> {
  const r = await runner.run(command, ['--version'], TIMEOUT)
  const failed = !r.notFound && (r.exitCode !== 0 || r.timedOut)
  return { command, found: !r.notFound, version: parseAwsVersion(r.stdout + r.stderr), failure: failed ? lastLine(r.stderr || r.stdout) : null }
}

function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
  return (lines.at(-1) ?? '').replace(/^aws: \[ERROR\]:\s*/, '')
}

/** Well-known install places of AWS CLI v2, for a hint when the one on PATH is v1. */
export async function findOtherAwsV2(runner: ProcessRunner, platform: NodeJS.Platform, exclude: string): Promise<string | null> {
  const candidates =
    platform === 'win32'
      ? ['C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe']
      : ['/usr/local/bin/aws', '/usr/bin/aws', '/opt/homebrew/bin/aws', '/usr/local/aws-cli/v2/current/bin/aws']
  for (const c of candidates.filter((c) => c !== exclude)) {
    const v = (await probeAws(runner, c)).version
    if (v && v.major >= 2) return c
  }
  return null
}

export async function probeTmux(runner: ProcessRunner): Promise<DoctorProbes['tmux']> {
  const r = await runner.run('tmux', ['-V'], TIMEOUT)
  return { found: !r.notFound && r.exitCode === 0, version: /tmux\s+(\S+)/.exec(r.stdout)?.[1] ?? null }
}

export async function probeNotifySend(runner: ProcessRunner): Promise<DoctorProbes['notifySend']> {
  const r = await runner.run('notify-send', ['--help'], TIMEOUT)
  return { found: !r.notFound, actions: /--action/.test(r.stdout + r.stderr) }
}

export async function probeClipboardTool(runner: ProcessRunner, platform: NodeJS.Platform, env: Env): Promise<string | null> {
  if (platform !== 'linux') return platform === 'darwin' ? 'pbcopy' : 'Set-Clipboard'
  const tools = env.WAYLAND_DISPLAY ? ['wl-copy', 'xsel'] : ['xsel', 'xclip']
  for (const t of tools) {
    const r = await runner.run(t, ['--version'], TIMEOUT)
    if (!r.notFound) return t
  }
  // clipboardy ships an x86-64 xsel it falls back to.
  return process.arch === 'x64' && !env.WAYLAND_DISPLAY ? 'xsel (bundled with clipboardy)' : null
}

export function trayHelperPath(platform: NodeJS.Platform): string | null {
  const name = { linux: 'tray_linux_release', darwin: 'tray_darwin_release', win32: 'tray_windows_release.exe' }[platform as string]
  if (!name) return null
  try {
    const pkg = createRequire(import.meta.url).resolve('systray2/package.json')
    return path.join(path.dirname(pkg), 'traybin', name)
  } catch {
    return null
  }
}

export async function probeTrayHelper(runner: ProcessRunner, platform: NodeJS.Platform, arch: string): Promise<DoctorProbes['trayHelper']> {
  const helper = trayHelperPath(platform)
  if (!helper) return { path: null, missingLibs: [], error: `no tray helper for ${platform}` }
  if (platform === 'linux' && arch !== 'x64') return { path: helper, missingLibs: [], error: `the tray helper is x86-64 only (this is ${arch})` }
  if (platform !== 'linux') return { path: helper, missingLibs: [], error: null }
  const r = await runner.run('ldd', [helper], TIMEOUT)
  if (r.notFound) return { path: helper, missingLibs: [], error: null }
  const missing = [...(r.stdout + r.stderr).matchAll(/^\s*(\S+)\s+=>\s+not found/gm)].map((m) => m[1] ?? '')
  return { path: helper, missingLibs: missing, error: r.exitCode === 0 || missing.length > 0 ? null : `ldd failed on ${helper}` }
}

/** Linux: asks the session bus whether a StatusNotifierWatcher (a tray host) is running. */
export async function probeTrayHost(runner: ProcessRunner, platform: NodeJS.Platform, env: Env): Promise<DoctorProbes['trayHost']> {
  if (platform !== 'linux' || !env.DBUS_SESSION_BUS_ADDRESS) return 'unknown'
  const g = await runner.run(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.DBus',
      '--object-path',
      '/org/freedesktop/DBus',
      '--method',
      'org.freedesktop.DBus.NameHasOwner',
      'org.kde.StatusNotifierWatcher',
    ],
    TIMEOUT,
  )
  if (g.exitCode === 0) return /true/.test(g.stdout) ? 'sni' : 'none'
  const b = await runner.run(
    'busctl',
    ['--user', 'call', 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'NameHasOwner', 's', 'org.kde.StatusNotifierWatcher'],
    TIMEOUT,
  )
  if (b.exitCode === 0) return /true/.test(b.stdout) ? 'sni' : 'none'
  return 'unknown'
}

/**
 * macOS: an Apple silicon Mac (uname -m, or sysctl.proc_translated = 1 when this Node is x86-64
 * under Rosetta), and whether Rosetta 2 can run x86-64 code (`arch -x86_64 /usr/bin/true`).
 * Absolute paths: these ship with macOS, and PATH may hold other tools of the same names.
 */
export async function probeMac(runner: ProcessRunner, platform: NodeJS.Platform): Promise<MacProbe | null> {
  if (platform !== 'darwin') return null
  const [machine, translated] = await Promise.all([
    runner.run('/usr/bin/uname', ['-m'], TIMEOUT),
    runner.run('/usr/sbin/sysctl', ['-n', 'sysctl.proc_translated'], TIMEOUT),
  ])
  const underRosetta = translated.exitCode === 0 && translated.stdout.trim() === '1'
  const appleSilicon = underRosetta || (machine.exitCode === 0 && machine.stdout.trim() === 'arm64')
  if (!appleSilicon) return { appleSilicon: false, rosetta: null }
  if (underRosetta) return { appleSilicon: true, rosetta: true }
  const r = await runner.run('/usr/bin/arch', ['-x86_64', '/usr/bin/true'], TIMEOUT)
  return { appleSilicon: true, rosetta: r.exitCode === 0 && !r.notFound && !r.timedOut }
}
