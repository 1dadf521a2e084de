// The tray menu model lives in the pure core (core/tray/menu-model.ts); this module keeps the
// names the backends and ports import.

export type { MenuAction, MenuItem, MenuModel, IconName } from '../core/tray/model.ts'
export { buildMenu, MAX_SESSION_ROWS, orderSessions } from '../core/tray/menu-model.ts'
