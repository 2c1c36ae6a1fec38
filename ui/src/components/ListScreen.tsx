/**
 * A full screen list with a cursor (search results, changed values,
 * warnings); only the rows in view are rendered.
 */
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { KEY_HELP, type Screen } from '../key-bindings.js';
import { overlayBody, scrollTop } from '../layout.js';
import { isDirty, type MenuState } from '../menu-state.js';
import type { Theme } from '../theme.js';
import { Line } from './Line.js';
import { StatusLine } from './StatusLine.js';
import { TitleLine } from './TitleLine.js';

export interface ListScreenProps {
  state: MenuState;
  theme: Theme;
  screen: Screen;
  title: string;
  /** Line under the title (the search query, a count). */
  header: ReactNode;
  /** Extra lines between header and list. */
  count: number;
  cursor: number;
  top: number;
  /** Text of row i, starting with a space (where the cursor mark goes); called only for rows in view. */
  row: (i: number) => string;
  empty: string;
  /** The list starts this many lines below the header (search has its query line there). */
  offset?: number;
}

export function ListScreen(p: ListScreenProps) {
  const { state, theme } = p;
  const width = state.size.columns;
  const height = overlayBody(state.size) - (p.offset ?? 0);
  const top = scrollTop(p.top, p.cursor, p.count, height);
  const n = Math.min(height, p.count - top);
  const lines = Array.from({ length: Math.max(0, n) }, (_, i) => top + i);
  return (
    <Box flexDirection="column">
      <TitleLine state={state} theme={theme} dirty={isDirty(state)} title={p.title} />
      <Line width={width} style={theme.path}>
        {p.header}
      </Line>
      {p.offset ? <Line width={width} /> : null}
      {lines.map((i) =>
        i === p.cursor ? (
          <Line key={i} width={width} style={theme.selected} fill>
            {`>${p.row(i).slice(1)}`}
          </Line>
        ) : (
          <Line key={i} width={width}>
            {p.row(i)}
          </Line>
        ),
      )}
      {p.count === 0 ? <Line width={width}>{p.empty}</Line> : null}
      {Array.from({ length: Math.max(0, height - Math.max(lines.length, 1)) }, (_, i) => (
        <Line key={`pad${i}`} width={width} />
      ))}
      <StatusLine state={state} overlay={null} theme={theme} />
      <Line width={width} style={theme.keyHelp} fill>
        {KEY_HELP[p.screen]}
      </Line>
    </Box>
  );
}
