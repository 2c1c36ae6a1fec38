/**
 * Colours limited to the 16 basic terminal colours, and none at all when
 * NO_COLOR is set (https://no-color.org): then only attributes (bold,
 * inverse, dim) tell things apart, and text marks (~ hidden, ! warning)
 * carry the meaning colours would.
 */

export interface Style {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
}

export interface Theme {
  title: Style;
  path: Style;
  selected: Style;
  hidden: Style;
  comment: Style;
  heading: Style;
  error: Style;
  info: Style;
  warning: Style;
  keyHelp: Style;
  input: Style;
  newMark: Style;
}

const COLOURS: Theme = {
  title: { color: 'white', backgroundColor: 'blue', bold: true },
  path: { color: 'cyan' },
  selected: { inverse: true },
  hidden: { color: 'gray' },
  comment: { color: 'cyan' },
  heading: { color: 'cyan', bold: true },
  error: { color: 'red', bold: true },
  info: { color: 'green' },
  warning: { color: 'yellow' },
  keyHelp: { color: 'black', backgroundColor: 'white' },
  input: { color: 'yellow', bold: true },
  newMark: { color: 'yellow' },
};

const PLAIN: Theme = {
  title: { bold: true, inverse: true },
  path: {},
  selected: { inverse: true },
  hidden: { dimColor: true },
  comment: {},
  heading: { bold: true },
  error: { bold: true },
  info: {},
  warning: { bold: true },
  keyHelp: { inverse: true },
  input: { bold: true },
  newMark: {},
};

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? PLAIN : COLOURS;
}
