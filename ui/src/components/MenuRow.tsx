/**
 * A menu entry on one line: cursor (>), mark (~ hidden, ! warning), indentation,
 * value box, prompt, (NEW), suffix (--->, name).
 */
import { Text } from 'ink';
import type { MenuNode } from 'kconfig-parser-ts';
import { entryText } from '../entry-text.js';
import type { Theme } from '../theme.js';

export interface MenuRowProps {
  node: MenuNode;
  indent: number;
  visible: boolean;
  selected: boolean;
  warned: boolean;
  showNames: boolean;
  width: number;
  theme: Theme;
}

export function MenuRow({ node, indent, visible, selected, warned, showNames, width, theme }: MenuRowProps) {
  const t = entryText(node, showNames);
  const mark = warned ? '!' : visible ? ' ' : '~';
  const box = t.box ? `${t.box} ` : '    ';
  // The cursor is also a character, for terminals (and captures) without video attributes.
  const text = `${selected ? '>' : ' '}${mark}${'  '.repeat(indent)}${box}${t.prompt}${t.isNew ? ' (NEW)' : ''}${t.suffix ? `  ${t.suffix}` : ''}`;
  if (selected) {
    return (
      <Text wrap="truncate-end" {...theme.selected}>
        {text.padEnd(width)}
      </Text>
    );
  }
  const style = !visible ? theme.hidden : node.kind === 'comment' ? theme.comment : undefined;
  return (
    <Text wrap="truncate-end" {...style}>
      {text}
    </Text>
  );
}
