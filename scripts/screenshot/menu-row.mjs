// Where a top-level menu row is on screen, from the tray's own dbusmenu layout (as the host reads
// it) and the height of the host's menu window, so a menu whose texts change still gets its
// pointer on the right row. GTK menus: 4 px padding top and bottom, 1 px separators, rows of one
// height. Prints the row's centre as a y offset from the menu window's top.
// Usage: busctl --json=short call ITEM /MenuBar com.canonical.dbusmenu GetLayout iias 0 -1 0 |
//          node scripts/screenshot/menu-row.mjs MENU_HEIGHT 'LABEL REGEX'
import { readFileSync } from 'node:fs'

const [heightArg, pattern] = process.argv.slice(2)
const height = Number(heightArg)
if (!Number.isFinite(height) || !pattern) {
  console.error('usage: … | node scripts/screenshot/menu-row.mjs MENU_HEIGHT LABEL_REGEX')
  process.exit(2)
}
const PAD = 4
const SEPARATOR = 1
const [, root] = JSON.parse(readFileSync(0, 'utf8')).data
const shown = root[2].map((c) => c.data[1]).filter((p) => p.visible?.data !== false)
const isSeparator = (p) => p.type?.data === 'separator'
const rows = shown.filter((p) => !isSeparator(p)).length
const rowHeight = (height - 2 * PAD - (shown.length - rows) * SEPARATOR) / rows
const re = new RegExp(pattern)
let y = PAD
for (const p of shown) {
  if (isSeparator(p)) {
    y += SEPARATOR
    continue
  }
  if (re.test(String(p.label?.data ?? '').replace(/__/g, '_'))) {
    console.log(Math.round(y + rowHeight / 2))
    process.exit(0)
  }
  y += rowHeight
}
console.error(`menu-row: no row matches ${pattern}`)
process.exit(1)
