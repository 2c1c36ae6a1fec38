/**
 * The status line: the last message, or the one-line dialog that is open
 * (a value, a file name, a question), with its error if the input was refused.
 */
import { Text } from 'ink';
import { display } from '../entry-text.js';
import type { MenuState, Overlay } from '../menu-state.js';
import type { Theme } from '../theme.js';
import { Line } from './Line.js';

const FILE_QUESTION = { save: 'Save configuration to', open: 'Open configuration', minimal: 'Save minimal configuration to' };

export function StatusLine({ state, overlay, theme }: { state: MenuState; overlay: Overlay | null; theme: Theme }) {
  const width = state.size.columns;
  if (overlay?.kind === 'entry') {
    const sym = overlay.node.sym!;
    return (
      <Line width={width}>
        {overlay.error ? <Text {...theme.error}>{`${overlay.error}  `}</Text> : null}
        <Text {...theme.input}>{`${sym.name ? display(sym.name) : ''} (${sym.typeName}): `}</Text>
        {overlay.text}
        <Text inverse> </Text>
      </Line>
    );
  }
  if (overlay?.kind === 'file') {
    return (
      <Line width={width}>
        {overlay.error ? <Text {...theme.error}>{`${overlay.error}  `}</Text> : null}
        <Text {...theme.input}>{`${FILE_QUESTION[overlay.purpose]}: `}</Text>
        {overlay.text}
        <Text inverse> </Text>
      </Line>
    );
  }
  if (overlay?.kind === 'confirm-quit') {
    return (
      <Line width={width} style={theme.input}>
        Save your changes before quitting? (y)es, (n)o, (c)ancel
      </Line>
    );
  }
  if (overlay?.kind === 'confirm-open') {
    return (
      <Line width={width} style={theme.input}>
        {`Your unsaved changes will be lost. Open ${display(overlay.path)} anyway? (y/n)`}
      </Line>
    );
  }
  const m = state.message;
  if (m) {
    return (
      <Line width={width} style={m.tone === 'error' ? theme.error : theme.info}>
        {m.text}
      </Line>
    );
  }
  const n = state.ops.length;
  return <Line width={width}>{n ? `${n} change${n === 1 ? '' : 's'} this session (u undoes, v lists changed values)` : ''}</Line>;
}
