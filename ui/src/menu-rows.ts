/**
 * Which entries a menu shows, in order, as mconf and kconfiglib's menuconfig
 * lay them out: entries that depend on the symbol just above them (automatic
 * submenus) are shown indented under it; menus, choices and `menuconfig`
 * symbols open as submenus of their own. Visibility comes from the engine.
 */
import { PropType, type MenuNode } from 'kconfig-parser-ts';

export interface Row {
  node: MenuNode;
  indent: number;
  /** False for entries shown only because show-all mode is on. */
  visible: boolean;
}

/** Opens as a submenu of its own (the others show their children inline). */
export function opensSubmenu(node: MenuNode): boolean {
  const kind = node.kind;
  if (kind === 'menu' || kind === 'choice') return true;
  return kind === 'symbol' && node.prompt !== null && node.prompt.type === PropType.Menu;
}

/** Show-all mode lists entries with a prompt and promptless symbols (by name). */
function showable(node: MenuNode): boolean {
  return node.prompt !== null || node.kind === 'symbol';
}

export function menuRows(menu: MenuNode, showAll: boolean): Row[] {
  const out: Row[] = [];
  const walk = (first: MenuNode | null, indent: number): void => {
    for (let n = first; n; n = n.next) {
      const visible = n.isVisible();
      if (visible || (showAll && showable(n))) {
        out.push({ node: n, indent, visible });
        if (n.list && !opensSubmenu(n)) walk(n.list, indent + 1);
      } else if (n.list && n.kind === 'symbol') {
        // A symbol hidden by a false prompt condition still shows when something under it is visible.
        if (opensSubmenu(n)) {
          if (hasVisibleEntry(n.list)) out.push({ node: n, indent, visible: false });
        } else {
          const at = out.length;
          out.push({ node: n, indent, visible: false });
          walk(n.list, indent + 1);
          if (out.length === at + 1) out.length = at;
        }
      }
    }
  };
  walk(menu.list, 0);
  return out;
}

function hasVisibleEntry(first: MenuNode | null): boolean {
  for (let n = first; n; n = n.next) {
    if (n.isVisible()) return true;
    if (n.list && hasVisibleEntry(n.list)) return true;
  }
  return false;
}

/**
 * The submenu an entry lives in, as a chain of menus from the top:
 * what the menu must open to show `node`.
 */
export function menuChain(root: MenuNode, node: MenuNode): MenuNode[] {
  const chain: MenuNode[] = [];
  for (let p = node.parent; p && p !== root; p = p.parent) if (opensSubmenu(p)) chain.unshift(p);
  chain.unshift(root);
  return chain;
}
