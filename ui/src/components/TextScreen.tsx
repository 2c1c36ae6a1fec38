/** A full screen of text that scrolls: symbol info, the why screen, the key list. */
import { Box } from 'ink';
import { KEY_HELP, type Screen } from '../key-bindings.js';
import { overlayBody } from '../layout.js';
import { isDirty, type MenuState } from '../menu-state.js';
import type { InfoLine } from '../symbol-info.js';
import type { Theme } from '../theme.js';
import { Line } from './Line.js';
import { StatusLine } from './StatusLine.js';
import { TitleLine } from './TitleLine.js';

export function TextScreen(props: { state: MenuState; theme: Theme; screen: Screen; title: string; lines: InfoLine[]; scroll: number }) {
  const { state, theme, screen, title, lines, scroll } = props;
  const width = state.size.columns;
  const height = overlayBody(state.size);
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  const shown = lines.slice(top, top + height);
  const more = lines.length > height ? `  lines ${top + 1}-${top + shown.length} of ${lines.length}` : '';
  return (
    <Box flexDirection="column">
      <TitleLine state={state} theme={theme} dirty={isDirty(state)} title={title} />
      <Line width={width} style={theme.path}>
        {more}
      </Line>
      {shown.map((l, i) => (
        <Line key={top + i} width={width} style={l.heading ? theme.heading : undefined}>
          {l.text}
        </Line>
      ))}
      {Array.from({ length: height - shown.length }, (_, i) => (
        <Line key={`pad${i}`} width={width} />
      ))}
      <StatusLine state={state} overlay={null} theme={theme} />
      <Line width={width} style={theme.keyHelp} fill>
        {KEY_HELP[screen]}
      </Line>
    </Box>
  );
}
