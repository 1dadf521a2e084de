// The tray menu as a com.canonical.dbusmenu layout, and what changed between two renders. Pure:
// no D-Bus here, the exporter (dbusmenu.ts) turns the answers into messages.
//
// Every MenuItem key keeps one dbusmenu id for as long as it is in the menu (hosts keep ids
// across LayoutUpdated, and a click names an id). Items added or removed, or moved to another
// place, change the layout: a new revision. Label, enabled or visible changes are property
// updates only (ItemsPropertiesUpdated), which is what the once-a-minute texts are.

import type { Item as MenuItem } from './tray-types.ts'

export type PropValue = string | boolean
export type Props = Record<string, PropValue>

export interface LayoutNode {
  id: number
  key: string
  item: MenuItem | null
  props: Props
  /** Props as one string, to compare renders cheaply. */
  sig: string
  children: number[]
  /** The last render that reached this node. */
  gen: number
}

export interface MenuChanges {
  /** The layout changed; the parent whose subtree to re-read (0: the root, or several places). */
  layout: { revision: number; parent: number } | null
  /** Properties set to a non-default value. */
  updated: Array<[number, Props]>
  /** Properties back at their default (dbusmenu: omitted = default). */
  removed: Array<[number, string[]]>
}

export const ROOT_ID = 0

/** dbusmenu reads `_` as a mnemonic marker: a literal underscore is written `__`. */
export function escapeLabel(title: string): string {
  return title.replace(/_/g, '__')
}

/** Only non-default values: hosts take a missing property as its default (smaller messages). */
export function propsOf(i: MenuItem): Props {
  const p: Props = {}
  if (i.separator) p.type = 'separator'
  else p.label = escapeLabel(i.title)
  if (!i.enabled && !i.separator) p.enabled = false
  if (i.hidden) p.visible = false
  if (i.items && !i.separator) p['children-display'] = 'submenu'
  return p
}

function sigOf(p: Props): string {
  let s = ''
  for (const k in p) s += `${k}\0${String(p[k])}\0`
  return s
}

export class MenuLayout {
  revision = 0
  readonly nodes = new Map<number, LayoutNode>()
  private ids = new Map<string, number>()
  private nextId = 1
  private gen = 0

  constructor() {
    this.nodes.set(ROOT_ID, { id: ROOT_ID, key: '', item: null, props: { 'children-display': 'submenu' }, sig: '', children: [], gen: 0 })
  }

  /** The id of a key now in the menu (tests, and the click mapping). */
  idOf(key: string): number | undefined {
    return this.ids.get(key)
  }

  /** The item a click on `id` means, or null for the root, a separator, a parent or an unknown id. */
  clickable(id: number): MenuItem | null {
    const i = this.nodes.get(id)?.item
    if (!i || i.separator || i.items || !i.enabled || i.hidden || !i.action) return null
    return i
  }

  update(items: readonly MenuItem[]): MenuChanges {
    // Nodes reached in this render carry its generation: no set of 11,000 keys each minute.
    const gen = ++this.gen
    this.root.gen = gen
    const changedParents = new Set<number>()
    const updated: Array<[number, Props]> = []
    const removed: Array<[number, string[]]> = []
    const fresh = this.nodes.size === 1

    const walk = (parent: LayoutNode, list: readonly MenuItem[], previous: readonly MenuItem[] | undefined) => {
      // The very same array as last time (a memoised submenu): nothing below changed.
      if (list === previous) {
        this.markSeen(parent, gen)
        return
      }
      // The parent's child ids are copied only once they differ from last time.
      let children = parent.children
      let differs = false
      let at = 0
      for (const i of list) {
        let key = i.key
        let id = this.ids.get(key)
        // Keys should be unique; a repeat still gets its own id rather than stealing one.
        for (let n = 2; id !== undefined && this.nodes.get(id)?.gen === gen; n++) {
          key = `${i.key}\0${n}`
          id = this.ids.get(key)
        }
        let node = id === undefined ? undefined : this.nodes.get(id)
        if (id === undefined || !node) {
          id = this.nextId++
          this.ids.set(key, id)
          node = { id, key, item: null, props: {}, sig: '', children: [], gen }
          this.nodes.set(id, node)
          changedParents.add(parent.id) // a new item: the host learns it from the layout
        }
        node.gen = gen
        if (!differs && children[at] !== id) {
          differs = true
          children = children.slice(0, at)
        }
        if (differs) children.push(id)
        at++
        const before = node.item
        node.item = i
        // Menus are rebuilt whole each minute: compare the fields props come from before building any.
        if (node.sig === '' || (before !== i && !sameShown(before, i))) {
          const props = propsOf(i)
          const sig = sigOf(props)
          if (sig !== node.sig) {
            if (node.sig !== '' && !changedParents.has(parent.id)) this.diffProps(node, props, updated, removed)
            node.props = props
            node.sig = sig
          }
        }
        const kids = i.items && !i.separator ? i.items : EMPTY
        if (before === i) {
          this.markSeen(node, gen)
          continue
        }
        walk(node, kids, before?.items)
      }
      if (!differs && at !== children.length) {
        differs = true
        children = children.slice(0, at)
      }
      if (differs) {
        changedParents.add(parent.id)
        parent.children = children
      }
    }
    walk(this.root, items, undefined)

    // Nodes no longer in the menu: drop them (their ids are never reused).
    for (const [id, node] of this.nodes) {
      if (node.gen === gen) continue
      this.ids.delete(node.key)
      this.nodes.delete(id)
      changedParents.add(ROOT_ID)
    }
    if (changedParents.size === 0 && !fresh) return { layout: null, updated, removed }
    this.revision++
    const [only] = changedParents
    const parent = changedParents.size === 1 && only !== undefined && this.nodes.has(only) ? only : ROOT_ID
    // Property updates under a re-read parent travel with the layout; the rest still go out.
    return { layout: { revision: this.revision, parent }, updated, removed }
  }

  get root(): LayoutNode {
    return this.nodes.get(ROOT_ID) as LayoutNode
  }

  private markSeen(node: LayoutNode, gen: number): void {
    for (const id of node.children) {
      const c = this.nodes.get(id)
      if (!c) continue
      c.gen = gen
      this.markSeen(c, gen)
    }
  }

  private diffProps(node: LayoutNode, props: Props, updated: Array<[number, Props]>, removed: Array<[number, string[]]>): void {
    const set: Props = {}
    let anySet = false
    for (const k in props) {
      if (node.props[k] !== props[k]) {
        set[k] = props[k] as PropValue
        anySet = true
      }
    }
    const gone = Object.keys(node.props).filter((k) => !(k in props))
    if (anySet) updated.push([node.id, set])
    if (gone.length > 0) removed.push([node.id, gone])
  }
}

function sameShown(a: MenuItem | null, b: MenuItem): boolean {
  return a !== null && a.title === b.title && a.enabled === b.enabled && a.hidden === b.hidden && a.separator === b.separator && !a.items === !b.items
}

const EMPTY: readonly MenuItem[] = []
