/** Always on screen: how many warnings the configuration has now, and the first of them. */
import { display } from '../entry-text.js';
import type { MenuState } from '../menu-state.js';
import type { ConfigWarning } from '../reasoning.js';
import type { Theme } from '../theme.js';
import { Line } from './Line.js';

export function WarningsLine({ state, theme }: { state: MenuState; theme: Theme }) {
  const width = state.size.columns;
  if (state.resolverProblem) {
    return <Line width={width} style={theme.hidden}>{`Warnings unavailable: ${state.resolverProblem}`}</Line>;
  }
  const n = state.warnings.length;
  if (n === 0) return <Line width={width} style={theme.hidden}>No warnings</Line>;
  const first = state.warnings[0];
  return (
    <Line width={width} style={theme.warning}>
      {`! ${n} warning${n === 1 ? '' : 's'} (w lists them): ${warningText(first)}`}
    </Line>
  );
}

/** "unmet dependency: NEEDY is y because ..." (the resolver's message names the symbol itself). */
export function warningText(w: ConfigWarning): string {
  const message = display(w.message);
  const who = w.symbol && !message.includes(display(w.symbol)) ? `${display(w.symbol)}: ` : '';
  return `${w.kind.replace(/-/g, ' ')}: ${who}${message}`;
}
