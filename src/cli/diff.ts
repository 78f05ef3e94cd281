/** A small unified diff (line based, longest common subsequence) for `dfkit lint --diff` previews. */

type Operation = { kind: ' ' | '-' | '+'; line: string };

function operations(before: readonly string[], after: readonly string[]): Operation[] {
  const n = before.length;
  const m = after.length;
  // Lengths of common subsequences of suffixes; Dockerfiles are small, so the quadratic table is fine.
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = before[i] === after[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const ops: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      ops.push({ kind: ' ', line: before[i++] as string });
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) ops.push({ kind: '-', line: before[i++] as string });
    else ops.push({ kind: '+', line: after[j++] as string });
  }
  while (i < n) ops.push({ kind: '-', line: before[i++] as string });
  while (j < m) ops.push({ kind: '+', line: after[j++] as string });
  return ops;
}

/** A unified diff of two texts with three lines of context, or '' when they are equal. */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const ops = operations(before.split('\n'), after.split('\n'));
  let out = `--- a/${path}\n+++ b/${path}\n`;
  let index = 0;
  while (index < ops.length) {
    while (index < ops.length && ops[index]?.kind === ' ') index++;
    if (index >= ops.length) break;
    const start = Math.max(0, index - context);
    let end = index;
    let quiet = 0;
    while (end < ops.length && quiet <= context * 2) {
      quiet = ops[end]?.kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, quiet - context));
    let oldLine = 1;
    let newLine = 1;
    for (let k = 0; k < start; k++) {
      if (ops[k]?.kind !== '+') oldLine++;
      if (ops[k]?.kind !== '-') newLine++;
    }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    out += `@@ -${oldLine},${oldCount} +${newLine},${newCount} @@\n`;
    for (const op of hunk) out += `${op.kind}${op.line}\n`;
    index = end;
  }
  return out;
}
