/**
 * One screen line, cut at the terminal's width (a wrapped line would make the
 * frame taller than planned). `fill` pads it so that a background or inverse
 * style covers the whole width.
 */
import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { Style } from '../theme.js';

export function Line({ style, fill, width, children }: { style?: Style; fill?: boolean; width: number; children?: ReactNode }) {
  const content = fill && typeof children === 'string' ? children.padEnd(width) : children;
  return (
    <Text wrap="truncate-end" {...style}>
      {content === '' || content === undefined ? ' ' : content}
    </Text>
  );
}
