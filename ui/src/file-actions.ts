/**
 * Files and leaving: save (and save as), open another configuration, save a
 * minimal configuration, quit (asking when there is something to save).
 */
import { display, toBytes } from './entry-text.js';
import type { MenuController } from './controller.js';
import { clearHistory } from './history.js';
import { isDirty, topOverlay, type FilePurpose } from './menu-state.js';

export function openFile(c: MenuController, purpose: FilePurpose): void {
  const text = purpose === 'minimal' ? 'defconfig' : c.state.configPath;
  c.pushOverlay({ kind: 'file', purpose, text, error: null });
}

export function submitFile(c: MenuController): void {
  const o = topOverlay(c.state);
  if (!o || o.kind !== 'file') return;
  const path = toBytes(o.text.trim());
  const fail = (error: string) =>
    c.edit('file', (d) => {
      d.error = error;
    });
  if (!path) return fail('Give a file name');
  if (o.purpose === 'save') {
    if (!saveConfig(c, path)) return fail(cannotWrite(c, path));
    c.close();
    return;
  }
  if (o.purpose === 'minimal') {
    if (!c.session.saveMinimal(path)) return fail(cannotWrite(c, path));
    c.close();
    c.store.update((s) => {
      s.revision = c.session.revision;
    });
    c.say(`Minimal configuration saved to ${display(path)}`);
    return;
  }
  if (c.session.kc.resolvePath(path) === null) return fail(`${display(path)} does not exist`);
  if (isDirty(c.state)) {
    c.store.update((s) => {
      s.overlays.pop();
      s.overlays.push({ kind: 'confirm-open', path });
    });
    return;
  }
  c.close();
  openConfig(c, path);
}

/** A failed write, with errno's reason. */
function cannotWrite(c: MenuController, path: string): string {
  return `Cannot write ${display(path)}${c.session.writeError ? `: ${c.session.writeError}` : ''}`;
}

/** Writes the configuration; later saves go to the same file. */
export function saveConfig(c: MenuController, path: string = c.state.configPath): boolean {
  if (!c.session.save(path)) {
    c.say(cannotWrite(c, path), 'error');
    return false;
  }
  c.store.update((s) => {
    s.configPath = path;
    s.savedOps = s.ops;
    s.baseNeedsSave = false;
    s.message = { text: `Configuration saved to ${display(path)}`, tone: 'info' };
  });
  c.forgetChanges();
  return true;
}

/** Replaces the configuration with the one in `path` (history starts afresh). */
export function openConfig(c: MenuController, path: string): void {
  const r = c.session.loadBase(path);
  clearHistory(c.store);
  c.store.update((s) => {
    s.configPath = path;
    s.baseNeedsSave = !r.found;
    s.overlays = [];
    s.revision = c.session.revision;
    s.message = r.error ? { text: r.error, tone: 'error' } : { text: `Loaded ${display(path)}`, tone: 'info' };
  });
  c.forgetChanges();
  c.scheduleWarnings();
}

export function confirmOpen(c: MenuController): void {
  const o = topOverlay(c.state);
  if (o?.kind === 'confirm-open') openConfig(c, o.path);
}

/** Back to the enclosing menu; at the top, quit. */
export function goBack(c: MenuController): void {
  if (!c.leaveSubmenu()) requestQuit(c);
}

export function requestQuit(c: MenuController): void {
  if (!isDirty(c.state)) {
    finish(c, false);
    return;
  }
  c.pushOverlay({ kind: 'confirm-quit' });
}

export function saveAndQuit(c: MenuController): void {
  if (saveConfig(c)) finish(c, true);
  else c.close();
}

export function finish(c: MenuController, saved: boolean): void {
  c.store.update((s) => {
    s.exit = { saved };
  });
}
