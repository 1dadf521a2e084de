// Getting the tray helper ready to run, and explaining why it cannot: the parts of the tray
// adapter that touch the file system and turn failures into a fix the user can apply.

import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { trayHelperPath } from '../doctor/probes.ts'

export interface HelperSetupOptions {
  platform: NodeJS.Platform
  env: Readonly<Record<string, string | undefined>>
  assetsDir: string
  cacheDir: string
  log(message: string): void
}

/** Problems known before spawning, with the fix. */
export function preflight(opts: HelperSetupOptions): string | null {
  if (opts.platform === 'linux' && !opts.env.DISPLAY && !opts.env.WAYLAND_DISPLAY) {
    return 'no display (DISPLAY and WAYLAND_DISPLAY are unset): the tray needs a desktop session. Notifications and the CLI still work.'
  }
  return null
}

export function explainFailure(code: number | null, stderr: string): string {
  const last = stderr.trim().split('\n').pop() ?? ''
  if (/libappindicator3|libayatana|libgtk-3/.test(stderr)) {
    return `the tray helper cannot load its libraries (${last}). Install them: sudo apt-get install -y libayatana-appindicator3-1 libgtk-3-0 (Fedora/Arch: libappindicator-gtk3)`
  }
  if (/cannot open display/i.test(stderr)) return `the tray helper cannot open the display (${last}): start aws-sso-tray inside your desktop session`
  return `the tray helper keeps failing (exit ${code ?? 'by signal'}${last ? `: ${last}` : ''}). Run aws-sso-tray doctor`
}

/** systray2 ships its binaries mode 644 and its own chmod fails silently: make one executable. */
export function executableHelper(opts: HelperSetupOptions): string {
  const bin = trayHelperPath(opts.platform)
  if (!bin) throw new Error(`no tray helper for ${opts.platform}`)
  if (opts.platform === 'win32' || (statSync(bin).mode & 0o111) !== 0) return bin
  try {
    chmodSync(bin, 0o755)
    return bin
  } catch {
    // A read-only install (global, root-owned): run a private copy.
    mkdirSync(opts.cacheDir, { recursive: true, mode: 0o700 })
    const copy = path.join(opts.cacheDir, path.basename(bin))
    copyFileSync(bin, copy)
    chmodSync(copy, 0o755)
    return copy
  }
}

/**
 * The helper writes each icon it is sent to $TMPDIR/systray_XXXXXX and leaves them behind when it
 * is killed. Remove such files of ours from earlier runs: only those holding one of our own icons.
 */
export function sweepIconLeftovers(opts: HelperSetupOptions): void {
  try {
    const ours = new Set(readdirSync(opts.assetsDir).map((f) => readFileSync(path.join(opts.assetsDir, f)).toString('base64')))
    const dir = tmpdir()
    const uid = typeof process.getuid === 'function' ? process.getuid() : -1
    for (const f of readdirSync(dir)) {
      if (!/^systray_[A-Za-z0-9]{6}$/.test(f)) continue
      const file = path.join(dir, f)
      const st = statSync(file)
      // Ten minutes old at least: never the icon of a helper that is starting right now.
      if (!st.isFile() || st.uid !== uid || st.size > 100_000 || Date.now() - st.mtimeMs < 10 * 60_000) continue
      if (ours.has(readFileSync(file).toString('base64'))) unlinkSync(file)
    }
  } catch (e) {
    opts.log(`could not sweep old tray icons: ${(e as Error).message}`)
  }
}
