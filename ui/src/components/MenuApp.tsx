/**
 * The menu application: reads the store, sends every key to the active
 * screen's handler (key-bindings.ts), follows the terminal's size, and
 * picks the screen to draw.
 */
import { Box, Text, useApp, useStdin, useStdout } from 'ink';
import { useCallback, useEffect } from 'react';
import type { MenuController } from '../controller.js';
import { display } from '../entry-text.js';
import { ALL_KEYS, handleKey } from '../key-bindings.js';
import { decodeInput } from '../keys.js';
import { MIN_ROWS, usableRows } from '../layout.js';
import { topOverlay, type MenuState } from '../menu-state.js';
import { useSlice } from '../store.js';
import type { Theme } from '../theme.js';
import { whyLines } from '../why-text.js';
import { Line } from './Line.js';
import { ListScreen } from './ListScreen.js';
import { MenuScreen } from './MenuScreen.js';
import { TextScreen } from './TextScreen.js';
import { warningText } from './WarningsLine.js';

const whole = (s: MenuState) => s;

export function MenuApp({ c, theme }: { c: MenuController; theme: Theme }) {
  const state = useSlice(c.store, whole);
  useKeys(c);
  useTerminalSize(c);
  const { exit } = useApp();
  useEffect(() => {
    if (state.exit) exit();
  }, [state.exit, exit]);
  if (state.exit) return <Text> </Text>;
  // Below this the screens' fixed lines alone would not fit.
  if (usableRows(state.size) < MIN_ROWS) return <Line width={state.size.columns}>{`Terminal too small: make it at least ${MIN_ROWS + 1} lines tall`}</Line>;
  // The width is set here so that every line is cut at the size the store knows (tests resize through it).
  return (
    <Box width={state.size.columns} flexDirection="column">
      <Screen c={c} state={state} theme={theme} />
    </Box>
  );
}

function Screen({ c, state, theme }: { c: MenuController; state: MenuState; theme: Theme }) {
  const o = topOverlay(state);
  switch (o?.kind) {
    case 'info': {
      const name = o.node.sym?.name ? display(o.node.sym.name) : '';
      return <TextScreen state={state} theme={theme} screen="info" title={`Symbol info ${name}`} lines={c.infoLines(o.node)} scroll={o.scroll} />;
    }
    case 'keys':
      return <TextScreen state={state} theme={theme} screen="keys" title="Keys" lines={ALL_KEYS.map((text) => ({ text }))} scroll={o.scroll} />;
    case 'why':
      return <TextScreen state={state} theme={theme} screen="why" title="Why" lines={whyLines(o)} scroll={o.scroll} />;
    case 'search': {
      const hits = c.searchHits(o.query);
      return (
        <ListScreen
          state={state}
          theme={theme}
          screen="search"
          title="Search"
          header={`/ ${o.query}▏  ${o.query.trim() ? `${hits.length} match${hits.length === 1 ? '' : 'es'}` : '(names, prompts, help)'}`}
          count={hits.length}
          cursor={o.cursor}
          top={o.top}
          empty={o.query.trim() ? '  no match' : '  type part of a name, a prompt or help text'}
          row={(i) => {
            const e = hits[i].entry;
            const sym = e.node.sym;
            const value = sym && sym.name ? ` = ${display(sym.strValue)}` : '';
            const where = e.node.menuPath.map(display).join(' > ');
            return ` ${e.name || `(${e.node.kind})`}${value}  ${e.prompt}${where ? `   [${where}]` : ''}${e.node.isVisible() ? '' : '  (hidden)'}`;
          }}
        />
      );
    }
    case 'changes': {
      const list = c.changes();
      return (
        <ListScreen
          state={state}
          theme={theme}
          screen="changes"
          title="Changes since the last save"
          header={`${list.length} ${list.length === 1 ? 'value differs' : 'values differ'} from ${display(state.configPath)} as last loaded or saved`}
          count={list.length}
          cursor={o.cursor}
          top={o.top}
          empty="  no changes"
          row={(i) => ` ${display(list[i].sym.name ?? '')}: ${display(list[i].from) || '""'} -> ${display(list[i].to) || '""'}`}
        />
      );
    }
    case 'warnings': {
      const list = state.warnings;
      return (
        <ListScreen
          state={state}
          theme={theme}
          screen="warnings"
          title="Warnings"
          header={state.resolverProblem ? `unavailable: ${state.resolverProblem}` : `${list.length} warning${list.length === 1 ? '' : 's'}`}
          count={list.length}
          cursor={o.cursor}
          top={o.top}
          empty="  no warnings"
          row={(i) => {
            const w = list[i];
            const at = w.file ? `  (${display(w.file)}${w.line ? `:${w.line}` : ''})` : '';
            return ` ${warningText(w)}${at}${w.fix ? `  fix: ${display(w.fix)}` : ''}`;
          }}
        />
      );
    }
    default:
      return <MenuScreen c={c} state={state} theme={theme} />;
  }
}

/** Every input event, split into keys, goes to the active screen; a failing handler must not end the session. */
function useKeys(c: MenuController): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const onInput = useCallback(
    (data: string) => {
      c.noteInput();
      c.store.batch(() => {
        for (const k of decodeInput(data)) {
          try {
            handleKey(c, k);
          } catch (e) {
            c.say(`Internal error (the session goes on): ${(e as Error).message}`, 'error');
          }
        }
      });
    },
    [c],
  );
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [events, onInput, setRawMode, isRawModeSupported]);
}

function useTerminalSize(c: MenuController): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const update = (resized: boolean) => {
      const columns = stdout.columns || c.state.size.columns;
      const rows = stdout.rows || c.state.size.rows;
      const size = c.state.size;
      if (size.columns === columns && size.rows === rows) return;
      // The terminal moved or rewrapped the old frame: Ink's erasing of it by line count is off now.
      if (resized) stdout.write(CLEAR_SCREEN);
      c.store.update((s) => {
        s.size = { columns, rows };
      });
    };
    const onResize = () => update(true);
    update(false);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, c]);
}

const CLEAR_SCREEN = '\u001b[2J\u001b[H';
