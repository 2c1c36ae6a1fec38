/** First line of every screen: the tree's title, the configuration file, whether it has unsaved changes. */
import type { MenuState } from '../menu-state.js';
import type { Theme } from '../theme.js';
import { display } from '../entry-text.js';
import { Line } from './Line.js';

export function TitleLine({ state, theme, dirty, title }: { state: MenuState; theme: Theme; dirty: boolean; title?: string }) {
  const file = `${display(state.configPath)}${dirty ? ' [unsaved changes]' : ''}`;
  return (
    <Line width={state.size.columns} style={theme.title} fill>
      {` ukconfig menu  ${title ?? ''}${title ? '  ' : ''}${file}`}
    </Line>
  );
}
