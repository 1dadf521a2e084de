// Apple silicon without Rosetta 2: systray2's helper and node-notifier's terminal-notifier are both
// x86-64 only and cannot start. The tray then runs without an icon (nothing to click, so nothing
// would be spawned just to fail) and shows its notices through osascript, which has no buttons:
// the person acts from a terminal. Everything else (reading tokens, notices before expiry) runs.

import type { MacProbe } from '../doctor/checks.ts'
import type { Tray } from '../ports.ts'

export const NO_ROSETTA_PROBLEM =
  'the tray icon cannot show on this Mac: its helper is x86-64 only and Rosetta 2 is not installed (softwareupdate --install-rosetta). ' +
  'Notices come through osascript without buttons: log in with aws-sso-tray login PROFILE.'

export function macWithoutRosetta(mac: MacProbe | null): boolean {
  return mac !== null && mac.appleSilicon && mac.rosetta === false
}

/** A tray that shows nothing: the app's model still runs, and so do its notices. */
export function iconlessTray(): Tray {
  return { render: () => undefined, onAction: () => undefined, dispose: () => Promise.resolve() }
}
