/**
 * The menu: title, menu path, the visible window of the current menu's
 * rows, the help panel (help mode), then status, warnings and key help.
 * Dialogs that need only a line (value entry, file names, questions) take
 * the status line's place so the menu stays in view.
 */
import { Box } from 'ink';
import type { MenuNode } from 'kconfig-parser-ts';
import { useMemo } from 'react';
import type { MenuController } from '../controller.js';
import { display, promptOf } from '../entry-text.js';
import { KEY_HELP } from '../key-bindings.js';
import { menuLayout, scrollTop } from '../layout.js';
import { currentLevel, isDirty, topOverlay, type MenuState } from '../menu-state.js';
import type { Theme } from '../theme.js';
import { Line } from './Line.js';
import { MenuRow } from './MenuRow.js';
import { StatusLine } from './StatusLine.js';
import { TitleLine } from './TitleLine.js';
import { WarningsLine } from './WarningsLine.js';

export function MenuScreen({ c, state, theme }: { c: MenuController; state: MenuState; theme: Theme }) {
  const { columns } = state.size;
  const level = currentLevel(state);
  const rows = c.rows(level.menu);
  const cursor = c.cursorIndex(rows);
  const layout = menuLayout(state.size, state.helpMode);
  const top = scrollTop(level.top, cursor, rows.length, layout.list);
  const warned = useMemo(() => new Set(state.warnings.map((w) => w.symbol).filter(Boolean)), [state.warnings]);
  const path = state.levels.map((l) => promptOf(l.menu) || 'Main menu').join(' > ');
  const shown = rows.slice(top, top + layout.list);
  const selected = rows[cursor]?.node ?? null;
  const overlay = topOverlay(state);
  return (
    <Box flexDirection="column">
      <TitleLine state={state} theme={theme} dirty={isDirty(state)} />
      <Line width={columns} style={theme.path}>
        {path}
        {rows.length > layout.list ? `  (${cursor + 1}/${rows.length})` : ''}
        {state.showAll ? '  [show-all]' : ''}
      </Line>
      {shown.map((r, i) => (
        <MenuRow
          key={top + i}
          node={r.node}
          indent={r.indent}
          visible={r.visible}
          selected={top + i === cursor}
          warned={r.node.sym?.name ? warned.has(r.node.sym.name) : false}
          showNames={state.showNames}
          width={columns}
          theme={theme}
        />
      ))}
      {rows.length === 0 ? <Line width={columns}>{'    (no visible entries here: A shows hidden ones)'}</Line> : null}
      {Array.from({ length: Math.max(0, layout.list - Math.max(1, shown.length)) }, (_, i) => (
        <Line key={`pad${i}`} width={columns} />
      ))}
      {layout.help > 0 ? <HelpPanel lines={layout.help} node={selected} width={columns} theme={theme} /> : null}
      <StatusLine state={state} overlay={overlay} theme={theme} />
      <WarningsLine state={state} theme={theme} />
      <Line width={columns} style={theme.keyHelp} fill>
        {KEY_HELP[overlay && (overlay.kind === 'entry' || overlay.kind === 'file' || overlay.kind.startsWith('confirm')) ? overlay.kind : 'menu']}
      </Line>
    </Box>
  );
}

function HelpPanel({ lines, node, width, theme }: { lines: number; node: MenuNode | null; width: number; theme: Theme }) {
  const name = node?.sym?.name ? display(node.sym.name) : node ? promptOf(node) : '';
  const text = node?.help ?? node?.sym?.nodes.find((n) => n.help)?.help ?? null;
  const body = text ? display(text).replace(/\n+$/, '').split('\n') : ['(no help text)'];
  return (
    <Box flexDirection="column">
      <Line width={width} style={theme.heading}>{`── help: ${name} `.padEnd(width, '─')}</Line>
      {Array.from({ length: lines - 1 }, (_, i) => (
        <Line key={i} width={width}>
          {body[i] ?? ''}
        </Line>
      ))}
    </Box>
  );
}
