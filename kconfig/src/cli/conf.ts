/**
 * `conf`: a drop-in for Linux 6.1 scripts/kconfig/conf (same options, prompts,
 * messages, files and exit codes).
 */
import { ConfData } from '../confdata.js';
import { CRandom } from '../crand.js';
import { rewriteTristates, setAllNewSymbols, type RandomWeights } from '../modes.js';
import { strtol } from '../cnum.js';
import { KconfigFatal } from '../errors.js';
import { Kconfig, type Output } from '../kconfig.js';
import { parseInto } from '../load.js';
import { menuExtHelp, menuGetParentMenu, menuGetPrompt, menuIsVisible, type MenuNode } from '../menu.js';
import { DefSlot, KSymbol, PropType, SymbolType } from '../symbol.js';
import type { Tristate } from '../expr.js';
import type { ShellRunner } from '../shell.js';
import { scanConfArgs, type Mode } from './conf-args.js';
import { run, type Rec } from '../stackless.js';

export interface ConfIo {
  out: Output;
  /** Standard input, line by line (null at end of input). */
  input: { readLine(max: number): string | null };
  /** Both standard input and output are terminals. */
  tty: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Program name for messages. */
  progname: string;
  /** Builds the $(shell) runner (lets the caller prefetch probes). */
  shell?: ShellRunner;
  /** Microsecond clock for the default randconfig seed. */
  now?: () => { sec: number; usec: number };
}

function usage(out: Output, progname: string): void {
  out.stdout(
    `Usage: ${progname} [options] <kconfig-file>\n` +
      '\n' +
      'Generic options:\n' +
      '  -h, --help              Print this message and exit.\n' +
      '  -s, --silent            Do not print log.\n' +
      '\n' +
      'Mode options:\n' +
      '  --listnewconfig         List new options\n' +
      '  --helpnewconfig         List new options and help text\n' +
      '  --oldaskconfig          Start a new configuration using a line-oriented program\n' +
      '  --oldconfig             Update a configuration using a provided .config as base\n' +
      '  --syncconfig            Similar to oldconfig but generates configuration in\n' +
      '                          include/{generated/,config/}\n' +
      '  --olddefconfig          Same as oldconfig but sets new symbols to their default value\n' +
      '  --defconfig <file>      New config with default defined in <file>\n' +
      '  --savedefconfig <file>  Save the minimal current configuration to <file>\n' +
      '  --allnoconfig           New config where all options are answered with no\n' +
      '  --allyesconfig          New config where all options are answered with yes\n' +
      '  --allmodconfig          New config where all options are answered with mod\n' +
      '  --alldefconfig          New config with all symbols set to default\n' +
      '  --randconfig            New config with random answer to all options\n' +
      '  --yes2modconfig         Change answers from yes to mod if possible\n' +
      '  --mod2yesconfig         Change answers from mod to yes if possible\n' +
      '  --mod2noconfig          Change answers from mod to no if possible\n' +
      '  (If none of the above is given, --oldaskconfig is the default)\n',
  );
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** The conf program. Returns the exit status. */
export function runConf(argv: string[], io: ConfIo): number {
  try {
    return new Conf(io).main(argv);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    if (e instanceof KconfigFatal) {
      if (!e.reported) io.out.stderr(e.text);
      return e.exitCode;
    }
    throw e;
  }
}

class Conf {
  private mode: Mode = 'oldaskconfig';
  private indent = 1;
  private syncKconfig = false;
  private confCnt = 0;
  private line = '';
  private rootEntry: MenuNode | null = null;
  private kc!: Kconfig;
  private data!: ConfData;
  private silent = false;
  private rng: CRandom | null = null;

  constructor(private readonly io: ConfIo) {}

  private print(text: string): void {
    if (this.passOutput !== null) this.passOutput += text;
    this.io.out.stdout(text);
  }

  /** conf's command line (see scanConfArgs), with getopt_long's messages. */
  private parseOptions(argv: string[]): { positional: string[]; defconfigFile: string | null } {
    const positional: string[] = [];
    let defconfigFile: string | null = null;
    const help = () => {
      usage(this.io.out, this.io.progname);
      throw new Exit(1);
    };
    const err = (t: string) => this.io.out.stderr(`${this.io.progname}: ${t}\n`);
    scanConfArgs(argv, {
      option: (opt, value) => {
        if (opt === 'help') help();
        if (opt === 'silent') {
          this.silent = true;
          return;
        }
        this.mode = opt as Mode;
        if (opt === 'syncconfig') {
          this.silent = true;
          this.syncKconfig = true;
        } else if (opt === 'defconfig' || opt === 'savedefconfig') defconfigFile = value;
        else if (opt === 'randconfig') this.setRandconfigSeed();
      },
      short: (c) => {
        if (c === 'h') help();
        else if (c === 's') this.silent = true;
        else err(`invalid option -- '${c}'`);
      },
      positional: (arg) => positional.push(arg),
      error: err,
    });
    return { positional, defconfigFile };
  }

  private setRandconfigSeed(): void {
    let seed: number | null = null;
    const env = this.io.env.KCONFIG_SEED;
    if (env) {
      const r = strtol(env, 0);
      if (r.end === env.length) seed = Number(BigInt.asUintN(32, r.value));
    }
    if (seed === null) {
      const now = this.io.now ? this.io.now() : nowMicros();
      seed = Number(BigInt.asUintN(32, BigInt(now.sec + 1) * BigInt(now.usec + 1)));
    }
    this.print(`KCONFIG_SEED=0x${seed.toString(16).toUpperCase()}\n`);
    this.rng = new CRandom(seed);
  }

  main(argv: string[]): number {
    const { positional, defconfigFile } = this.parseOptions(argv);
    if (positional.length === 0) {
      this.io.out.stderr(`${this.io.progname}: Kconfig file missing\n`);
      usage(this.io.out, this.io.progname);
      return 1;
    }
    const kc = new Kconfig({
      env: this.io.env,
      output: this.io.out,
      cwd: this.io.cwd,
      shell: this.io.shell,
      extensions: false,
    });
    this.kc = kc;
    this.data = new ConfData(kc);
    if (this.silent) this.data.messages = null;
    parseInto(kc, positional[0]);

    const mode = this.mode;
    switch (mode) {
      case 'defconfig':
        if (!this.data.read(defconfigFile)) {
          this.io.out.stderr(`***\n*** Can't find default configuration "${defconfigFile}"!\n***\n`);
          return 1;
        }
        break;
      case 'allnoconfig':
      case 'allyesconfig':
      case 'allmodconfig':
      case 'alldefconfig':
      case 'randconfig': {
        const name = this.io.env.KCONFIG_ALLCONFIG;
        if (name === undefined) break;
        if (name !== '' && name !== '1') {
          if (!this.data.readSimple(name, DefSlot.User)) {
            this.io.out.stderr(`*** Can't read seed configuration "${name}"!\n`);
            return 1;
          }
          break;
        }
        const file = {
          allnoconfig: 'allno.config',
          allyesconfig: 'allyes.config',
          allmodconfig: 'allmod.config',
          alldefconfig: 'alldef.config',
          randconfig: 'allrandom.config',
        }[mode];
        if (!this.data.readSimple(file, DefSlot.User) && !this.data.readSimple('all.config', DefSlot.User)) {
          this.io.out.stderr(`*** KCONFIG_ALLCONFIG set, but no "${file}" or "all.config" file found\n`);
          return 1;
        }
        break;
      }
      default:
        this.data.read(null);
        break;
    }

    if (this.data.warnings && this.io.env.KCONFIG_WERROR !== undefined) return 1;

    let noConfWrite = false;
    if (this.syncKconfig) {
      const v = this.io.env.KCONFIG_NOSILENTUPDATE;
      if (v) {
        if (kc.changed) {
          this.io.out.stderr('\n*** The configuration requires explicit update.\n\n');
          return 1;
        }
        noConfWrite = true;
      }
    }

    switch (mode) {
      case 'allnoconfig':
        setAllNewSymbols(kc, 'no');
        break;
      case 'allyesconfig':
        setAllNewSymbols(kc, 'yes');
        break;
      case 'allmodconfig':
        setAllNewSymbols(kc, 'mod');
        break;
      case 'alldefconfig':
      case 'defconfig':
        setAllNewSymbols(kc, 'default');
        break;
      case 'randconfig': {
        const weights = this.probabilities();
        while (setAllNewSymbols(kc, 'random', this.rng, weights));
        break;
      }
      case 'yes2modconfig':
        rewriteTristates(kc, 2, 1);
        break;
      case 'mod2yesconfig':
        rewriteTristates(kc, 1, 2);
        break;
      case 'mod2noconfig':
        rewriteTristates(kc, 1, 0);
        break;
      case 'oldaskconfig':
        this.rootEntry = kc.rootMenu;
        run(this.conf(kc.rootMenu));
        this.mode = 'oldconfig';
        this.recheck();
        break;
      case 'oldconfig':
      case 'listnewconfig':
      case 'helpnewconfig':
      case 'syncconfig':
        this.recheck();
        break;
      default:
        break;
    }

    if (kc.symWarnings && this.io.env.KCONFIG_WERROR !== undefined) return 1;

    if (mode === 'savedefconfig') {
      if (!this.data.writeDefconfig(defconfigFile ?? '')) {
        this.io.out.stderr(`n*** Error while saving defconfig to: ${defconfigFile}\n\n`);
        return 1;
      }
    } else if (mode !== 'listnewconfig' && mode !== 'helpnewconfig') {
      if (!noConfWrite && this.data.write(null)) {
        this.io.out.stderr('\n*** Error during writing of the configuration.\n\n');
        return 1;
      }
      if (this.data.writeAutoconf(this.syncKconfig) && this.syncKconfig) {
        this.io.out.stderr('\n*** Error during sync of the configuration.\n\n');
        return 1;
      }
    }
    return 0;
  }

  /**
   * Asks about new symbols until a pass finds none, as conf does. A pass
   * that reads no input and prints what the previous one printed sets the
   * same values again and leaves the next pass the same: conf loops there
   * forever; the run ends with an error naming the first question.
   */
  private recheck(): void {
    let previous: string | null = null;
    do {
      this.confCnt = 0;
      this.firstAsked = null;
      const read = this.linesRead;
      this.passOutput = '';
      run(this.checkConf(this.kc.rootMenu));
      const output = this.passOutput;
      this.passOutput = null;
      if (this.confCnt && this.linesRead === read && output === previous) {
        const m = this.firstAsked as MenuNode | null;
        const where = m ? `${m.file.name}:${m.lineno}: ` : '';
        this.io.out.stderr(`${where}the configuration does not settle: each pass asks the same questions again and reads no answer (conf would loop forever)\n`);
        throw new Exit(1);
      }
      previous = output;
    } while (this.confCnt);
  }

  /** What the current pass of recheck printed (null outside one), its first question, the lines read so far. */
  private passOutput: string | null = null;
  private firstAsked: MenuNode | null = null;
  private linesRead = 0;

  // ---- all*config and randconfig ------------------------------------------

  /** KCONFIG_PROBABILITY: `y`, `y:m` (tristates) or `bool-y:tri-y:tri-m`, in percent. */
  private probabilities(): RandomWeights {
    let boolYes = 50;
    let triYes = 33;
    let triMod = 33;
    const p: number[] = [];
    let env = this.io.env.KCONFIG_PROBABILITY ?? '';
    const fail = (): never => {
      this.io.out.stderr('KCONFIG_PROBABILITY: Numerical result out of range\n');
      throw new Exit(1);
    };
    while (env) {
      const r = strtol(env, 10);
      const v = Number(BigInt.asIntN(32, r.value));
      if (v >= 0 && v <= 100) p.push(v);
      else fail();
      env = env[r.end] === ':' ? env.slice(r.end + 1) : env.slice(r.end);
      if (p.length >= 3) break;
    }
    if (p.length === 1) {
      boolYes = p[0];
      triMod = Math.trunc(boolYes / 2);
      triYes = boolYes - triMod;
    } else if (p.length === 2) {
      [triYes, triMod] = p;
      boolYes = triYes + triMod;
    } else if (p.length === 3) {
      [boolYes, triYes, triMod] = p;
    }
    if (triYes + triMod > 100) fail();
    return { boolYes, triYes, triMod };
  }

  // ---- interactive modes --------------------------------------------------

  /**
   * Reads the answer to the question about `menu`. At the end of input the
   * answer is empty, which settles most questions; one it does not settle
   * (a hex or int symbol with no valid default, a choice with none) would
   * be asked again forever, as conf does: asked again after the end of
   * input, it ends the run with an error that names it.
   */
  private readLine(menu: MenuNode): void {
    const got = this.io.input.readLine(4095);
    if (got === null) {
      this.io.out.stderr('\nError in reading or end of file.\n');
      if (this.askedAtEnd === menu) {
        const what = menu.sym?.name ? `'${menu.sym.name}'` : 'this choice';
        this.io.out.stderr(`${menu.file.name}:${menu.lineno}: standard input ended, and ${what} has no valid answer to take\n`);
        throw new Exit(1);
      }
      this.askedAtEnd = menu;
    } else {
      this.line = got;
      this.linesRead++;
    }
    if (!this.io.tty) this.print(this.line);
  }

  /** The question being asked when input ended (see readLine). */
  private askedAtEnd: MenuNode | null = null;

  private printHelp(menu: MenuNode): void {
    this.print(`\n${menuExtHelp(this.kc, menu)}\n`);
  }

  /** Returns false when the value is taken as is (no question asked). */
  private askValue(menu: MenuNode, sym: KSymbol, def: string | null): boolean {
    if (!sym.hasValue()) this.print('(NEW) ');
    this.line = '\n';
    if (!sym.isChangeable()) {
      this.print(`${def ?? ''}\n`);
      return false;
    }
    if ((this.mode === 'oldconfig' || this.mode === 'syncconfig') && sym.hasValue()) {
      this.print(`${def ?? ''}\n`);
      return false;
    }
    this.readLine(menu);
    return true;
  }

  private confString(menu: MenuNode): void {
    const sym = menu.sym!;
    for (;;) {
      this.print(`${' '.repeat(this.indent - 1)}${menu.prompt!.text} `);
      this.print(`(${sym.name}) `);
      let def: string | null = sym.stringValue();
      this.print(`[${def}] `);
      if (!this.askValue(menu, sym, def)) return;
      const line = this.line;
      if (line[0] === '\n' || line === '') {
        // keep the default
      } else if (line[0] === '?' && line[1] === '\n') {
        this.printHelp(menu);
        def = null;
      } else {
        def = line.slice(0, line.length - 1);
      }
      if (def !== null && sym.setStringValue(def)) return;
    }
  }

  private confSym(menu: MenuNode): void {
    const sym = menu.sym!;
    for (;;) {
      let text = `${' '.repeat(this.indent - 1)}${menu.prompt!.text} `;
      if (sym.name !== null) text += `(${sym.name}) `;
      text += '[';
      const old = sym.currTri;
      text += 'NMY'[old];
      if (old !== 0 && sym.tristateWithinRange(0)) text += '/n';
      if (old !== 1 && sym.tristateWithinRange(1)) text += '/m';
      if (old !== 2 && sym.tristateWithinRange(2)) text += '/y';
      text += '/?] ';
      this.print(text);
      if (!this.askValue(menu, sym, sym.stringValue())) return;
      const line = strip(this.line);
      let v: Tristate;
      const c = line[0];
      if (c === 'n' || c === 'N') {
        if (line.length !== 1 && line.slice(1) !== 'o') continue;
        v = 0;
      } else if (c === 'm' || c === 'M') {
        if (line.length !== 1) continue;
        v = 1;
      } else if (c === 'y' || c === 'Y') {
        if (line.length !== 1 && line.slice(1) !== 'es') continue;
        v = 2;
      } else if (c === undefined) {
        v = old;
      } else if (c === '?') {
        this.printHelp(menu);
        continue;
      } else continue;
      if (sym.setTristateValue(v)) return;
      this.printHelp(menu);
    }
  }

  private *confChoice(menu: MenuNode): Rec<boolean> {
    const sym = menu.sym!;
    const isNew = !sym.hasValue();
    const pad = ' '.repeat(this.indent - 1);
    if (sym.isChangeable()) {
      this.confSym(menu);
      sym.calcValue();
      if (sym.currTri === 0) return true;
      if (sym.currTri === 1) return false;
    } else {
      if (sym.currTri === 0) return true;
      if (sym.currTri === 1) {
        this.print(`${pad}${menuGetPrompt(menu)}\n`);
        return false;
      }
    }
    for (;;) {
      this.print(`${pad}${menuGetPrompt(menu)}\n`);
      const defSym = sym.currVal as KSymbol | null;
      let cnt = 0;
      let def = 0;
      this.line = '';
      for (let child = menu.list; child; child = child.next) {
        if (!menuIsVisible(child)) continue;
        if (!child.sym) {
          this.print(`${' '.repeat(this.indent - 1)}* ${menuGetPrompt(child)}\n`);
          continue;
        }
        cnt++;
        let t: string;
        if (child.sym === defSym) {
          def = cnt;
          t = `${' '.repeat(this.indent - 1)}>`;
        } else t = ' '.repeat(this.indent);
        t += ` ${cnt}. ${menuGetPrompt(child)}`;
        if (child.sym.name !== null) t += ` (${child.sym.name})`;
        if (!child.sym.hasValue()) t += ' (NEW)';
        this.print(t + '\n');
      }
      this.print(`${pad}choice`);
      let chosen: number;
      if (cnt === 1) {
        this.print('[1]: 1\n');
        chosen = 1;
      } else {
        this.print(`[1-${cnt}?]: `);
        chosen = cnt;
        if ((this.mode === 'oldconfig' || this.mode === 'syncconfig') && !isNew) {
          chosen = def;
          this.print(`${chosen}\n`);
        } else if (this.mode === 'oldaskconfig' || this.mode === 'oldconfig' || this.mode === 'syncconfig') {
          this.readLine(menu);
          this.line = strip(this.line);
          if (this.line[0] === '?') {
            this.printHelp(menu);
            continue;
          }
          if (!this.line) chosen = def;
          else if (/^[0-9]/.test(this.line)) chosen = atoi(this.line);
          else continue;
        }
      }
      let child: MenuNode | null;
      for (child = menu.list; child; child = child.next) {
        if (!child.sym || !menuIsVisible(child)) continue;
        if (!--chosen) break;
      }
      if (!child) continue;
      if (this.line && this.line[this.line.length - 1] === '?') {
        this.printHelp(child);
        continue;
      }
      child.sym!.setTristateValue(2);
      for (let c = child.list; c; c = c.next) {
        this.indent += 2;
        yield this.conf(c);
        this.indent -= 2;
      }
      return true;
    }
  }

  /**
   * Asks about `menu` and what is under it. conf, confChoice and checkConf
   * recurse as deep as the menu tree (as deep as a dependency chain, with
   * automatic submenus): they run as generators on a stack in the heap.
   */
  private *conf(menu: MenuNode): Rec<void> {
    if (!menuIsVisible(menu)) return;
    const sym = menu.sym;
    const prop = menu.prompt;
    if (prop) {
      let show = false;
      if (prop.type === PropType.Menu) {
        // Outside oldaskconfig only menus with new symbols are shown.
        if (this.mode !== 'oldaskconfig' && this.rootEntry !== menu) {
          yield this.checkConf(menu);
          return;
        }
        show = true;
      } else if (prop.type === PropType.Comment) show = true;
      if (show) {
        const prompt = menuGetPrompt(menu);
        if (prompt !== null) {
          const star = `${' '.repeat(this.indent - 1)}*`;
          this.print(`${star}\n${star} ${prompt}\n${star}\n`);
        }
      }
    }
    if (sym) {
      if (sym.isChoice()) {
        yield* this.confChoice(menu);
        if (sym.currTri !== 1) return;
      } else if (sym.type === SymbolType.Int || sym.type === SymbolType.Hex || sym.type === SymbolType.String) {
        this.confString(menu);
      } else {
        this.confSym(menu);
      }
      this.indent += 2;
    }
    for (let c = menu.list; c; c = c.next) yield this.conf(c);
    if (sym) this.indent -= 2;
  }

  private *checkConf(menu: MenuNode): Rec<void> {
    if (!menuIsVisible(menu)) return;
    const sym = menu.sym;
    if (sym && !sym.hasValue() && (sym.isChangeable() || (sym.isChoice() && sym.currTri === 2))) {
      if (this.mode === 'listnewconfig') {
        if (sym.name !== null) this.print(this.listLine(sym));
      } else if (this.mode === 'helpnewconfig') {
        this.print('-----\n');
        this.printHelp(menu);
        this.print('-----\n');
      } else {
        if (!this.confCnt++) this.print('*\n* Restart config...\n*\n');
        this.firstAsked ??= menu;
        this.rootEntry = menuGetParentMenu(menu, this.kc.rootMenu);
        yield this.conf(this.rootEntry);
      }
    }
    for (let c = menu.list; c; c = c.next) yield this.checkConf(c);
  }

  private listLine(sym: KSymbol): string {
    if (sym.type === SymbolType.Unknown) return '';
    const val = sym.stringValue();
    return `${this.kc.configPrefix}${sym.name}=${sym.type === SymbolType.String ? quote(val) : val}\n`;
  }
}

function quote(v: string): string {
  return '"' + v.replace(/["\\]/g, (c) => '\\' + c) + '"';
}

function strip(s: string): string {
  return s.replace(/^[ \t\n\v\f\r]+/, '').replace(/[ \t\n\v\f\r]+$/, '');
}

function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  return m ? Number(m[1]) | 0 : 0;
}

function nowMicros(): { sec: number; usec: number } {
  const ms = Date.now();
  return { sec: Math.floor(ms / 1000), usec: (ms % 1000) * 1000 + Number(process.hrtime.bigint() % 1000n) };
}
