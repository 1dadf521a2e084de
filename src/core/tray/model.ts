// The tray menu as plain data, shared by both backends (the native StatusNotifierItem and the
// systray2 fallback). A generic tree: no backend types, no hidden placeholders. Backends diff it
// by key and content.

export type IconName = 'ok' | 'expiring' | 'login' | 'error' | 'busy' | 'none'

export const ICON_NAMES: readonly IconName[] = ['ok', 'expiring', 'login', 'error', 'busy', 'none']

export type MenuAction =
  | { type: 'login'; group: string }
  | { type: 'verify'; profile: string }
  | { type: 'copy-url'; group: string }
  | { type: 'open-url'; group: string }
  | { type: 'confirm'; group: string }
  | { type: 'cancel'; group: string }
  | { type: 'copy-export'; profile: string }
  | { type: 'console'; profile: string }
  | { type: 'open-portal'; group: string }
  | { type: 'check-all' }
  | { type: 'refresh' }
  | { type: 'open-config' }
  | { type: 'open-settings' }
  | { type: 'snooze'; minutes: number }
  | { type: 'resume-notifications' }
  /** "Not now" to the `ensure` requests of a session. */
  | { type: 'decline'; group: string }
  | { type: 'autostart'; enable: boolean }
  | { type: 'quit' }

export interface MenuItem {
  /** Stable identity across renders (session and profile rows keep theirs while they exist). */
  key: string
  title: string
  enabled: boolean
  /** Always false in models built here; kept for backends that pad menus themselves. */
  hidden: boolean
  separator: boolean
  action: MenuAction | null
  /** A per-item icon, for the OSes that show one (macOS); Linux ignores them. */
  icon?: IconName
  items?: MenuItem[]
}

export interface MenuModel {
  icon: IconName
  /** Short text next to the icon where the OS shows one (macOS); empty when all is well. */
  title: string
  /** The summary and the next expiry. */
  tooltip: string
  /** What a left click on the icon does (StatusNotifierItem Activate). */
  activate: MenuAction
  items: MenuItem[]
}
