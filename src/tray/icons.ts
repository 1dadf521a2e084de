// Icon assets per platform. Which icon shows is decided in the core (core/tray/icon.ts).

import type { IconName } from '../core/tray/model.ts'

export type { IconName } from '../core/tray/model.ts'
export { ICON_NAMES } from '../core/tray/model.ts'
export { iconFor } from '../core/tray/icon.ts'

/** Asset file for an icon: ICO on Windows, template-safe PNG (shape only) on macOS, colour elsewhere. */
export function iconFile(name: IconName, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `${name}.ico`
  if (platform === 'darwin') return `${name}-template.png`
  return `${name}.png`
}
