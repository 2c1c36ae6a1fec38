/**
 * Configuration files: reading .config and auto.conf, writing .config
 * (atomically, keeping .config.old), the minimal defconfig, and the syncconfig
 * outputs (auto.conf, autoconf.h, rustc_cfg, auto.conf.cmd, include/config/*).
 */
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Kconfig } from './kconfig.js';
import { readInputFile } from './source-path.js';
import { menuGetPrompt, menuIsVisible, type MenuNode } from './menu.js';
import {
  DefSlot,
  KSymbol,
  PropType,
  SYM_DEF_AUTO,
  SYM_DEF_USER,
  SYM_DEF_USER_UNGIVEN,
  SYM_NO_WRITE,
  SYM_VALID,
  SYM_WRITE,
  SYM_WRITTEN,
  SymbolType,
  valuesInvalidated,
  TRI_TEXT,
  withUserValue,
} from './symbol.js';
import type { Tristate } from './expr.js';

/** One `CONFIG_X=...` or `# CONFIG_X is not set` line of a file being read. */
export interface Assignment {
  name: string;
  /** The value as written (`n` for "is not set"; strings still quoted). */
  value: string;
  file: string;
  line: number;
  /** The symbol, or null when the tree does not know the name. */
  symbol: KSymbol | null;
  /** The value was valid for the symbol's type and stored. */
  accepted: boolean;
}

export interface ReadOptions {
  /** Add to the current values instead of replacing them (for fragments). */
  merge?: boolean;
  /** Sees every assignment line as it is read. */
  onAssignment?: (a: Assignment) => void;
}

/** Position and warnings of the file being read (conf_warning's state). */
interface ReadState {
  name: string;
  line: number;
}

export class ConfData {
  /** Warnings printed while reading the last file (KCONFIG_WERROR turns them into failure). */
  warnings = 0;
  /** conf_message: "#\n# text\n#" on stdout; null when silenced. */
  messages: ((text: string) => void) | null;
  /** Why the last write of .config or a defconfig failed (errno's reason), null after a success. */
  lastWriteError: string | null = null;
  private readState: ReadState = { name: '', line: 0 };

  constructor(private readonly kc: Kconfig) {
    this.messages = (t) => kc.out.stdout(`#\n# ${t}\n#\n`);
  }

  private path(name: string): string {
    return isAbsolute(name) ? name : join(this.kc.cwd, name);
  }

  get configName(): string {
    return this.kc.env.KCONFIG_CONFIG ?? '.config';
  }
  get autoconfigName(): string {
    return this.kc.env.KCONFIG_AUTOCONFIG ?? 'include/config/auto.conf';
  }
  get autoheaderName(): string {
    return this.kc.env.KCONFIG_AUTOHEADER ?? 'include/generated/autoconf.h';
  }
  get rustccfgName(): string {
    return this.kc.env.KCONFIG_RUSTCCFG ?? 'include/generated/rustc_cfg';
  }

  private warn(message: string): void {
    const { name, line } = this.readState;
    this.kc.report({ severity: 'warning', file: name, line, message, text: `${name}:${line}:warning: ${message}\n` });
    this.warnings++;
  }

  private message(text: string): void {
    if (this.messages) this.messages(text);
  }

  // ---- reading -------------------------------------------------------------

  /** Stores one value from a file into `slot`; returns false when it was rejected. */
  private setValue(sym: KSymbol, slot: DefSlot, flag: number, raw: string): boolean {
    let p = raw;
    switch (sym.type) {
      case SymbolType.Tristate:
      case SymbolType.Bool: {
        const c = p[0];
        if (c === 'm' && sym.type === SymbolType.Tristate) sym.defTri[slot] = 1;
        else if (c === 'y') sym.defTri[slot] = 2;
        else if (c === 'n') sym.defTri[slot] = 0;
        else {
          if (slot !== DefSlot.Auto) this.warn(`symbol value '${p}' invalid for ${sym.name}`);
          return false;
        }
        sym.flags = slot === DefSlot.User ? withUserValue(sym.flags) : sym.flags | flag;
        return true;
      }
      case SymbolType.String:
        if (slot !== DefSlot.Auto) {
          if (p[0] !== '"') return true;
          let out = '';
          let closed = false;
          for (let i = 1; i < p.length; i++) {
            const c = p[i];
            if (c === '"') {
              closed = true;
              break;
            }
            if (c === '\\') {
              i++;
              if (i < p.length) out += p[i];
              continue;
            }
            out += c;
          }
          if (!closed) {
            this.warn('invalid string found');
            return false;
          }
          p = out;
        }
        return this.setText(sym, slot, flag, p);
      case SymbolType.Int:
      case SymbolType.Hex:
        return this.setText(sym, slot, flag, p);
      default:
        return true;
    }
  }

  private setText(sym: KSymbol, slot: DefSlot, flag: number, p: string): boolean {
    if (sym.stringValid(p)) {
      sym.defVal[slot] = p;
      sym.flags = slot === DefSlot.User ? withUserValue(sym.flags) : sym.flags | flag;
      return true;
    }
    if (slot !== DefSlot.Auto) this.warn(`symbol value '${p}' invalid for ${sym.name}`);
    return false;
  }

  /**
   * Where conf starts when the configuration file does not exist: the first
   * file of KCONFIG_DEFCONFIG_LIST that does (as given, and where found).
   */
  defconfigListFile(): { name: string; path: string } | null {
    const list = this.kc.env.KCONFIG_DEFCONFIG_LIST;
    if (list === undefined) return null;
    for (const name of list.split(/[ \t\n\v\f\r]+/)) {
      if (!name) continue;
      const path = this.kc.resolvePath(name);
      if (path !== null) return { name, path };
    }
    return null;
  }

  /**
   * conf_read_simple: loads values into `slot` from `name`, or for the user
   * slot with no name, from KCONFIG_CONFIG or the first existing file of
   * KCONFIG_DEFCONFIG_LIST. Returns false when no file could be read.
   */
  readSimple(name: string | null, slot: DefSlot, opts: ReadOptions = {}): boolean {
    const kc = this.kc;
    let path: string | null;
    if (name !== null) {
      path = kc.resolvePath(name);
    } else {
      name = this.configName;
      path = kc.resolvePath(name);
      if (path === null) {
        kc.changed = true;
        const found = this.defconfigListFile();
        if (found !== null) {
          ({ name, path } = found);
          this.message(`using defaults found in ${name}`);
        }
      }
    }
    if (path === null) return false;
    const bytes = readInputFile(path);
    if (bytes === null) return false;
    if (typeof bytes === 'string') {
      kc.out.stderr(`${name}: ${bytes}\n`);
      return false;
    }
    const data = bytes.toString('latin1');
    this.readState = { name, line: 0 };
    const flag = slot === DefSlot.User ? SYM_DEF_USER : SYM_DEF_AUTO;
    const merging = opts.merge === true;
    // auto.conf values (the Auto slot) never feed computation: a clean evaluation survives reading them.
    const keepValid = slot === DefSlot.Auto && kc.evalClean;
    if (!keepValid) kc.evalClean = false;
    if (!merging) {
      this.warnings = 0;
      const all = kc.allSymbols();
      for (let i = 0; i < all.length; i++) {
        const sym = all[i];
        const cleared = slot === DefSlot.User ? flag | SYM_DEF_USER_UNGIVEN : flag;
        sym.flags &= keepValid ? ~cleared : ~(cleared | SYM_VALID);
        if (sym.isChoice()) sym.flags |= flag;
        sym.defVal[slot] = null;
        sym.defTri[slot] = 0;
      }
    } else {
      for (const sym of kc.allSymbols()) sym.flags &= ~SYM_VALID;
    }
    // In a merge, values set by earlier files are meant to be overridden: no warning for those.
    const setHere = merging ? new Set<KSymbol>() : null;
    if (!keepValid) valuesInvalidated();
    const prefix = kc.configPrefix;
    const warnUnknown = kc.env.KCONFIG_WARN_UNKNOWN_SYMBOLS !== undefined;
    let pos = 0;
    while (pos < data.length) {
      let end = data.indexOf('\n', pos);
      end = end < 0 ? data.length : end + 1;
      let line = data.slice(pos, end);
      pos = end;
      this.readState.line++;
      const nul = line.indexOf('\0');
      if (nul >= 0) line = line.slice(0, nul);
      let symName: string;
      let value: string;
      if (line[0] === '#') {
        if (line[1] !== ' ' || !line.startsWith(prefix, 2)) continue;
        const rest = line.slice(2 + prefix.length);
        const sp = rest.indexOf(' ');
        if (sp < 0) continue;
        if (!rest.startsWith('is not set', sp + 1)) continue;
        symName = rest.slice(0, sp);
        value = 'n';
      } else if (line.startsWith(prefix)) {
        const rest = line.slice(prefix.length);
        const eq = rest.indexOf('=');
        if (eq < 0) continue;
        symName = rest.slice(0, eq);
        value = rest.slice(eq + 1);
        const nl = value.indexOf('\n');
        if (nl >= 0) {
          value = value.slice(0, nl);
          if (value.endsWith('\r')) value = value.slice(0, -1);
        }
      } else {
        if (line[0] !== '\r' && line[0] !== '\n') {
          const cut = line.search(/[\r\n]/);
          this.warn(`unexpected data: ${cut < 0 ? line : line.slice(0, cut)}`);
        }
        continue;
      }
      const sym = kc.find(symName);
      // Made only for a caller that watches: a Linux .config has thousands of lines.
      const watch = opts.onAssignment;
      const assignment: Assignment | null = watch ? { name: symName, value, file: name, line: this.readState.line, symbol: sym, accepted: false } : null;
      if (assignment) watch!(assignment);
      if (!sym) {
        if (slot === DefSlot.Auto) this.touchDep(symName);
        else {
          if (warnUnknown) this.warn(`unknown symbol: ${symName}`);
          kc.changed = true;
        }
        continue;
      }
      const earlier = setHere !== null && !setHere.has(sym);
      setHere?.add(sym);
      if (sym.flags & flag && !earlier) this.warn(`override: reassigning to symbol ${sym.name}`);
      if (!this.setValue(sym, slot, flag, value)) continue;
      if (assignment) assignment.accepted = true;
      if (sym.isChoiceValue()) {
        const cs = sym.choice!;
        switch (sym.defTri[slot]) {
          case 1:
            if (cs.defTri[slot] === 2) {
              this.warn(`${sym.name} creates inconsistent choice state`);
              cs.flags &= ~flag;
            }
            break;
          case 2:
            if (cs.defTri[slot] !== 0 && !earlier) this.warn(`override: ${sym.name} changes choice state`);
            if (merging) {
              // The member chosen last wins; earlier picks of the same choice step back.
              const prev = cs.defVal[slot];
              if (prev instanceof KSymbol && prev !== sym) prev.defTri[slot] = 0;
            }
            cs.defVal[slot] = sym;
            break;
          default:
            break;
        }
        cs.defTri[slot] = Math.max(cs.defTri[slot], sym.defTri[slot]) as Tristate;
      }
    }
    return true;
  }

  /** conf_read: loads the user configuration and notes whether it needs saving. */
  read(name: string | null, opts: ReadOptions = {}): boolean {
    const kc = this.kc;
    kc.changed = false;
    if (!this.readSimple(name, DefSlot.User, opts)) {
      kc.modulesSym.calcValue();
      return false;
    }
    this.settleAfterRead();
    return true;
  }

  /**
   * What conf_read does once the values are in: compute everything, note
   * whether the file needs rewriting, drop out-of-range values.
   */
  settleAfterRead(): void {
    const kc = this.kc;
    kc.modulesSym.calcValue();
    let unsaved = 0;
    const all = kc.allSymbols();
    const warningsBefore = kc.symWarnings;
    // Indexed loops over all symbols here and in readSimple: they run once per
    // conf run, mostly unoptimised, where for-of allocates a result per step.
    for (let i = 0; i < all.length; i++) {
      const sym = all[i];
      sym.calcValue();
      if (sym.isChoice() || sym.flags & SYM_NO_WRITE) continue;
      if (sym.hasValue() && sym.flags & SYM_WRITE) {
        if (sym.type === SymbolType.Bool || sym.type === SymbolType.Tristate) {
          if (sym.defTri[DefSlot.User] === sym.currTri) continue;
        } else if (sym.currVal === sym.defVal[DefSlot.User]) continue;
      } else if (!sym.hasValue() && !(sym.flags & SYM_WRITE)) continue;
      unsaved++;
    }
    let clean = kc.symWarnings === warningsBefore;
    for (let i = 0; i < all.length; i++) {
      const sym = all[i];
      if (!sym.hasValue() || sym.isChoiceValue()) continue;
      // An invisible symbol's user value is not used in computation: dropping it changes no value.
      if (sym.visible === 0 && !unsaved) sym.flags &= ~SYM_DEF_USER;
      if (sym.type === SymbolType.String || sym.type === SymbolType.Int || sym.type === SymbolType.Hex) {
        // conf reads the user slot as text whatever it holds. A choice whose first entry is an
        // int or hex symbol takes that type and keeps its selected entry (or nothing) there:
        // never a number, so the value is dropped (conf reads the entry's first pointer byte,
        // or crashes on nothing).
        const user = sym.defVal[DefSlot.User];
        if (typeof user === 'string' && sym.stringWithinRange(user)) continue;
        sym.flags &= ~(SYM_VALID | SYM_DEF_USER);
        valuesInvalidated();
        clean = false;
        unsaved++;
      }
    }
    kc.evalClean = clean;
    if (this.warnings || unsaved) kc.changed = true;
  }

  // ---- writing ---------------------------------------------------------------

  private heading(style: 'pound' | 'c'): string {
    const title = this.kc.rootMenu.prompt!.text;
    if (style === 'pound') return `#\n# Automatically generated file; DO NOT EDIT.\n# ${title}\n#\n`;
    return `/*\n * Automatically generated file; DO NOT EDIT.\n * ${title}\n */\n`;
  }

  /** A symbol's .config line(s) (none for unknown types). */
  dotconfigLine(sym: KSymbol): string {
    if (sym.type === SymbolType.Unknown) return '';
    const val = sym.stringValue();
    const prefix = this.kc.configPrefix;
    if (sym.isLogical() && val === 'n') return `# ${prefix}${sym.name} is not set\n`;
    return `${prefix}${sym.name}=${sym.type === SymbolType.String ? escapeString(val) : val}\n`;
  }

  /** The .config text (conf_write's traversal; recomputes values if nothing changed since the last write). */
  configText(): string {
    const kc = this.kc;
    let text = this.heading('pound');
    if (!kc.changed) kc.clearAllValid();
    let needNewline = false;
    let menu: MenuNode | null = kc.rootMenu.list;
    const written: KSymbol[] = [];
    while (menu) {
      const sym = menu.sym;
      if (!sym) {
        if (menuIsVisible(menu)) {
          text += `\n#\n# ${menuGetPrompt(menu)}\n#\n`;
          needNewline = false;
        }
      } else if (!sym.isChoice() && !(sym.flags & SYM_WRITTEN)) {
        sym.calcValue();
        if (sym.flags & SYM_WRITE) {
          if (needNewline) {
            text += '\n';
            needNewline = false;
          }
          sym.flags |= SYM_WRITTEN;
          written.push(sym);
          text += this.dotconfigLine(sym);
        }
      }
      if (menu.list) {
        menu = menu.list;
        continue;
      }
      for (;;) {
        if (
          !menu.sym &&
          menu !== kc.rootMenu &&
          menuIsVisible(menu) &&
          menu.prompt!.type === PropType.Menu
        ) {
          text += `# end of ${menuGetPrompt(menu)}\n`;
          needNewline = true;
        }
        if (menu.next) {
          menu = menu.next;
          break;
        }
        menu = menu.parent;
        if (!menu) break;
      }
    }
    for (let i = 0; i < written.length; i++) written[i].flags &= ~SYM_WRITTEN;

    return text;
  }

  /** conf_write: the full .config, atomically (unless KCONFIG_OVERWRITECONFIG). */
  write(name: string | null): number {
    const kc = this.kc;
    this.lastWriteError = null;
    name ??= this.configName;
    if (!name) {
      kc.out.stderr('config name is empty\n');
      this.lastWriteError = 'the file name is empty';
      return -1;
    }
    const target = this.path(name);
    if (isDir(target)) {
      kc.out.stderr(`${name}: Is a directory\n`);
      this.lastWriteError = 'it is a directory';
      return -1;
    }
    if (!makeParentDir(target, this)) return -1;
    const text = this.configText();

    const overwrite = kc.env.KCONFIG_OVERWRITECONFIG;
    if (overwrite) {
      if (!writeFileSafe(target, text, this)) return 1;
    } else {
      // conf writes a temporary file and then compares; comparing first spares
      // the write when nothing changed, with the same result.
      if (sameContent(target, text)) {
        this.message(`No change to ${name}`);
        kc.changed = false;
        return 0;
      }
      const tmp = `${target}.${process.pid}.tmp`;
      if (!writeFileSafe(tmp, text, this)) return 1;
      // The previous file becomes .config.old by a second name, then one
      // rename puts the new one in place: at every moment .config is whole
      // (conf renames it away first, and a kill in between leaves none).
      keepAsOld(target);
      try {
        renameSync(tmp, target);
      } catch (e) {
        this.lastWriteError = errnoReason(e);
        rmSync(tmp, { force: true });
        return 1;
      }
    }
    this.message(`configuration written to ${name}`);
    kc.changed = false;
    return 0;
  }

  /** conf_write_defconfig: only values that differ from what the defaults give. */
  minimalConfig(): string {
    let text = '';
    for (const sym of this.minimalConfigSymbols()) text += this.dotconfigLine(sym);
    return text;
  }

  /** The symbols savedefconfig writes, in its order. */
  minimalConfigSymbols(): KSymbol[] {
    const kc = this.kc;
    kc.clearAllValid();
    const out: KSymbol[] = [];
    // conf clears a symbol's write mark once it has been seen (a symbol has
    // several menu entries) and counts on the next recomputation to set it
    // again; with recomputation skipped while nothing changed, the marks are
    // put back here, or the next .config written would lose those symbols.
    const seen: KSymbol[] = [];
    let menu: MenuNode | null = kc.rootMenu.list;
    while (menu) {
      const sym = menu.sym;
      if (sym === null) {
        menuIsVisible(menu);
      } else if (!sym.isChoice() && this.keptInDefconfig(sym, seen)) {
        out.push(sym);
      }
      if (menu.list) menu = menu.list;
      else if (menu.next) menu = menu.next;
      else {
        let m: MenuNode | null = menu.parent;
        menu = null;
        for (; m; m = m.parent) {
          if (m.next) {
            menu = m.next;
            break;
          }
        }
      }
    }
    for (const sym of seen) sym.flags |= SYM_WRITE;
    return out;
  }

  private keptInDefconfig(sym: KSymbol, seen: KSymbol[]): boolean {
    sym.calcValue();
    if (!(sym.flags & SYM_WRITE)) return false;
    sym.flags &= ~SYM_WRITE;
    seen.push(sym);
    if (!sym.isChangeable()) return false;
    if (sym.stringValue() === sym.stringDefault()) return false;
    if (sym.isChoiceValue()) {
      const cs = sym.choice!;
      const ds = cs.choiceDefault();
      if (!cs.isOptional() && sym === ds && sym.type === SymbolType.Bool && sym.currTri === 2) return false;
    }
    return true;
  }

  writeDefconfig(filename: string): boolean {
    const target = this.path(filename);
    this.lastWriteError = null;
    try {
      closeSync(openSync(target, 'w'));
    } catch (e) {
      this.lastWriteError = errnoReason(e);
      return false;
    }
    return writeFileSafe(target, this.minimalConfig(), this);
  }

  // ---- syncconfig outputs -------------------------------------------------

  private depfilePrefix = '';

  private touchDep(name: string): boolean {
    try {
      closeSync(openSync(this.path(this.depfilePrefix + name), 'w'));
      return true;
    } catch {
      return false;
    }
  }

  private writeAutoconfCmd(autoconf: string): boolean {
    const name = this.path(`${autoconf}.cmd`);
    if (!makeParentDir(name)) return false;
    let text = 'deps_config := \\\n';
    for (const f of this.kc.fileList) text += `\t${f.name} \\\n`;
    text += `\n${autoconf}: $(deps_config)\n\n`;
    for (const e of this.kc.pp.envUsed) {
      text += `ifneq "$(${e.name})" "${e.value}"\n${autoconf}: FORCE\nendif\n`;
    }
    this.kc.pp.envUsed.length = 0;
    text += '\n$(deps_config): ;\n';
    const tmp = this.path(`${autoconf}.cmd.tmp`);
    if (!writeFileSafe(tmp, text)) {
      this.kc.out.stderr(`fopen: ${errnoText(tmp)}\n`);
      return false;
    }
    try {
      renameSync(tmp, name);
    } catch {
      this.kc.out.stderr('rename: failed\n');
      return false;
    }
    return true;
  }

  private touchDeps(): boolean {
    const kc = this.kc;
    const name = this.autoconfigName;
    const slash = name.lastIndexOf('/');
    this.depfilePrefix = slash >= 0 ? name.slice(0, slash + 1) : '';
    this.readSimple(name, DefSlot.Auto);
    kc.modulesSym.calcValue();
    for (const sym of kc.allSymbols()) {
      sym.calcValue();
      if (sym.flags & SYM_NO_WRITE || sym.name === null) continue;
      if (sym.flags & SYM_WRITE) {
        if (sym.flags & SYM_DEF_AUTO) {
          if (sym.isLogical()) {
            if (sym.currTri === sym.defTri[DefSlot.Auto]) continue;
          } else if (sym.type !== SymbolType.Unknown) {
            if (sym.stringValue() === sym.defVal[DefSlot.Auto]) continue;
          }
        } else if (sym.isLogical() && sym.currTri === 0) continue;
      } else if (!(sym.flags & SYM_DEF_AUTO)) continue;
      if (!this.touchDep(sym.name)) return false;
    }
    return true;
  }

  private writeGenerated(filename: string, line: (s: KSymbol) => string, heading: string): boolean {
    const target = this.path(filename);
    if (!makeParentDir(target)) return false;
    let text = heading;
    for (const sym of this.kc.allSymbols()) if (sym.flags & SYM_WRITE && sym.name !== null) text += line(sym);
    const tmp = `${target}.tmp`;
    if (!writeFileSafe(tmp, text)) {
      this.kc.out.stderr(`fopen: ${errnoText(tmp)}\n`);
      return false;
    }
    try {
      renameSync(tmp, target);
    } catch {
      this.kc.out.stderr('rename: failed\n');
      return false;
    }
    return true;
  }

  /** conf_write_autoconf; returns 0 on success like the reference. */
  writeAutoconf(overwrite: boolean): number {
    const autoconf = this.autoconfigName;
    if (!overwrite && existsSync(this.path(autoconf))) return 0;
    if (!this.writeAutoconfCmd(autoconf)) return -1;
    if (!this.touchDeps()) return 1;
    for (const sym of this.kc.allSymbols()) sym.calcValue();
    if (!this.writeGenerated(this.autoheaderName, (s) => this.cLine(s), this.heading('c'))) return -1;
    if (!this.writeGenerated(this.rustccfgName, (s) => this.rustLine(s), '')) return -1;
    if (!this.writeGenerated(autoconf, (s) => this.autoconfLine(s), this.heading('pound'))) return -1;
    return 0;
  }

  /** autoconf.h's text for the current values (what writeAutoconf writes there), without writing it. */
  headerText(): string {
    const all = this.kc.allSymbols();
    for (const sym of all) sym.calcValue();
    let text = this.heading('c');
    for (const sym of all) if (sym.flags & SYM_WRITE && sym.name !== null) text += this.cLine(sym);
    return text;
  }

  private autoconfLine(sym: KSymbol): string {
    if (sym.type === SymbolType.Unknown) return '';
    const val = sym.stringValue();
    if (sym.isLogical() && val === 'n') return '';
    return `${this.kc.configPrefix}${sym.name}=${val}\n`;
  }

  private cLine(sym: KSymbol): string {
    if (sym.type === SymbolType.Unknown) return '';
    let val = sym.stringValue();
    let suffix = '';
    let valPrefix = '';
    if (sym.isLogical()) {
      if (val === 'n') return '';
      if (val === 'm') suffix = '_MODULE';
      val = '1';
    } else if (sym.type === SymbolType.Hex) {
      if (!hasHexPrefix(val)) valPrefix = '0x';
    } else if (sym.type === SymbolType.String) {
      val = escapeString(val);
    }
    return `#define ${this.kc.configPrefix}${sym.name}${suffix} ${valPrefix}${val}\n`;
  }

  private rustLine(sym: KSymbol): string {
    if (sym.type === SymbolType.Unknown) return '';
    let val = sym.stringValue();
    let out = '';
    const name = `${this.kc.configPrefix}${sym.name}`;
    if (sym.isLogical()) {
      if (val === 'n') return '';
      out += `--cfg=${name}\n`;
    } else if (sym.type === SymbolType.Hex && !hasHexPrefix(val)) {
      val = '0x' + val;
    }
    return out + `--cfg=${name}=${escapeString(val)}\n`;
  }
}

function hasHexPrefix(v: string): boolean {
  return v[0] === '0' && (v[1] === 'x' || v[1] === 'X');
}

/** Quotes a string value, escaping only `"` and `\`. */
export function escapeString(v: string): string {
  return '"' + v.replace(/["\\]/g, (c) => '\\' + c) + '"';
}

/**
 * The macros of a C header the engine wrote (headerText, writeAutoconf's
 * autoconf.h) with `prefix` (kc.configPrefix), read back: name without the
 * prefix -> the macro's value, a string unquoted. As written: 1 for y,
 * a tristate at m under its name + `_MODULE`, hex with its 0x, no macro
 * for n. Other lines are not the engine's and are skipped.
 */
export function readHeader(text: string, prefix: string): Map<string, string> {
  const values = new Map<string, string>();
  const start = `#define ${prefix}`;
  for (const line of text.split('\n')) {
    if (!line.startsWith(start)) continue;
    const space = line.indexOf(' ', start.length);
    if (space < 0) continue;
    const value = line.slice(space + 1);
    values.set(line.slice(start.length, space), value[0] === '"' ? unescapeString(value) : value);
  }
  return values;
}

/** escapeString's inverse. */
function unescapeString(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/g, '$1');
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Where a failed write's reason is kept (ConfData.lastWriteError). */
interface WriteErrorSink {
  lastWriteError: string | null;
}

function makeParentDir(p: string, sink?: WriteErrorSink): boolean {
  try {
    mkdirSync(dirname(p), { recursive: true });
    return true;
  } catch (e) {
    if (sink) sink.lastWriteError = errnoReason(e);
    return false;
  }
}

/** Writes a file; on failure (a full disk) removes what was written, says why to `sink`, and returns false. */
function writeFileSafe(p: string, text: string, sink?: WriteErrorSink): boolean {
  try {
    writeFileSync(p, text, 'latin1');
    return true;
  } catch (e) {
    if (sink) sink.lastWriteError = errnoReason(e);
    rmSync(p, { force: true });
    return false;
  }
}

/** Makes `<target>.old` the current `target` (a hard link; a copy where links fail); best effort, like conf. */
function keepAsOld(target: string): void {
  const old = `${target}.old`;
  if (!existsSync(target)) return;
  try {
    rmSync(old, { force: true });
  } catch {
    // A directory in the way: conf's rename fails there too.
  }
  try {
    linkSync(target, old);
  } catch {
    try {
      copyFileSync(target, old);
    } catch {
      // No .config.old then, as when conf's rename fails.
    }
  }
}

/** errno's reason for a failed file operation, as strerror words: "permission denied (EACCES)". */
function errnoReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  // Node's text is "EACCES: permission denied, open '/x/.config.123.tmp'".
  const words = /^[A-Z0-9]+: ([^,]*)/.exec(err.message ?? '')?.[1];
  return words && err.code ? `${words} (${err.code})` : (err.message ?? String(e));
}

function sameContent(p: string, text: string): boolean {
  try {
    const st = statSync(p);
    if (st.size !== text.length) return false;
    return readFileSync(p, 'latin1') === text;
  } catch {
    return false;
  }
}

function errnoText(p: string): string {
  return existsSync(dirname(p)) ? 'Permission denied' : 'No such file or directory';
}

export const triText = (t: Tristate): string => TRI_TEXT[t];
