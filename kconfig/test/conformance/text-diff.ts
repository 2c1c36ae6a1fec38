// A small unified diff (Myers' O(ND) algorithm) for showing why two outputs
// differ. Bytes are decoded as latin1 so that every byte maps to one character
// and nothing is hidden by UTF-8 replacement; control characters are escaped.

interface Edit {
  kind: ' ' | '-' | '+';
  line: string;
  aIndex: number; // index in a (for ' ' and '-') or the insertion point in a
  bIndex: number;
}

const MAX_EDIT_DISTANCE = 1000;

export function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

/** Shortest edit script between a and b, or null when it exceeds maxD. */
function myers(a: string[], b: string[], maxD: number): Edit[] | null {
  const n = a.length;
  const m = b.length;
  const offset = maxD + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, offset, d, k);
    }
  }
  return null;
}

function backtrack(a: string[], b: string[], trace: Int32Array[], offset: number, dEnd: number, kEnd: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  let k = kEnd;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > (down ? prevX : prevX + 1) && y > (down ? prevY + 1 : prevY)) {
      x--;
      y--;
      edits.push({ kind: ' ', line: a[x], aIndex: x, bIndex: y });
    }
    if (down) {
      y--;
      edits.push({ kind: '+', line: b[y], aIndex: x, bIndex: y });
    } else {
      x--;
      edits.push({ kind: '-', line: a[x], aIndex: x, bIndex: y });
    }
    k = prevK;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    edits.push({ kind: ' ', line: a[x], aIndex: x, bIndex: y });
  }
  return edits.reverse();
}

export function visible(line: string): string {
  return line.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => (c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/**
 * Unified diff of two byte strings, limited to maxLines output lines (hunk
 * headers included). labelA/labelB name the sides ("conf", "ours").
 */
export function unifiedDiff(aBytes: Buffer, bBytes: Buffer, labelA: string, labelB: string, maxLines = 40, context = 2): string {
  const A = splitLines(aBytes.toString('latin1'));
  const B = splitLines(bBytes.toString('latin1'));
  const a = A.lines;
  const b = B.lines;
  // Trim the common prefix and suffix; Myers then only sees the changed middle.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const header = [`--- ${labelA}`, `+++ ${labelB}`];
  let edits = myers(midA, midB, MAX_EDIT_DISTANCE);
  if (!edits) {
    // Too different for a minimal diff: show both sides of the first region.
    edits = [
      ...midA.slice(0, maxLines).map((line, i) => ({ kind: '-' as const, line, aIndex: i, bIndex: 0 })),
      ...midB.slice(0, maxLines).map((line, i) => ({ kind: '+' as const, line, aIndex: midA.length, bIndex: i })),
    ];
    header.push(`(more than ${MAX_EDIT_DISTANCE} line edits; showing the start of the differing region)`);
  }
  const full: Edit[] = [
    ...a.slice(0, pre).map((line, i) => ({ kind: ' ' as const, line, aIndex: i, bIndex: i })),
    ...edits.map((e) => ({ ...e, aIndex: e.aIndex + pre, bIndex: e.bIndex + pre })),
    ...a.slice(a.length - suf).map((line, i) => ({
      kind: ' ' as const,
      line,
      aIndex: a.length - suf + i,
      bIndex: b.length - suf + i,
    })),
  ];
  // Show every change with `context` unchanged lines around it, in hunks.
  const shown = new Uint8Array(full.length);
  let changes = 0;
  full.forEach((e, idx) => {
    if (e.kind === ' ') return;
    changes++;
    for (let j = Math.max(0, idx - context); j <= Math.min(full.length - 1, idx + context); j++) shown[j] = 1;
  });
  const body: string[] = [];
  for (let idx = 0; idx < full.length; idx++) {
    if (!shown[idx]) continue;
    if (idx === 0 || !shown[idx - 1]) {
      const e = full[idx];
      body.push(`@@ -${e.aIndex + 1} +${e.bIndex + 1} @@`);
    }
    body.push(`${full[idx].kind}${visible(full[idx].line)}`);
  }
  const out = [...header, ...body.slice(0, maxLines)];
  if (body.length > maxLines) out.push(`... (${body.length - maxLines} more diff lines, ${changes} changed lines in all)`);
  if (A.finalNewline !== B.finalNewline) out.push(`\\ ${A.finalNewline ? labelB : labelA}: no newline at end of file`);
  if (changes === 0 && A.finalNewline === B.finalNewline) out.push('(no line-level difference found)');
  return out.join('\n');
}
