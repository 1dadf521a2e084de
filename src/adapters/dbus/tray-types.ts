// The menu types as the Tray port sees them (the app's menu module may move; the port stays).

import type { Tray } from '../../ports.ts'

export type Model = Parameters<Tray['render']>[0]
export type Action = Parameters<Parameters<Tray['onAction']>[0]>[0]
export type Item = Model['items'][number]
export type Icon = Model['icon']

/** What Activate (a left click on the icon) does: the model's choice, else a refresh. */
export function activateOf(m: Model | null): Action | undefined {
  // Typed this way so it compiles whether or not the model declares `activate` yet.
  const withActivate: { activate?: Action } | null = m
  return withActivate?.activate
}
