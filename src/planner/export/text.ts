/**
 * The plan for people: stages in build order with their steps, a short key per cached step, and — after a
 * comparison — a mark per step: `✓` cached, `✗` reruns, `~` reruns only if another stage's output changed,
 * `·` not a cached step in this builder.
 */
import type { Explanation } from '../explain.js';
import type { Plan, PlanStep } from '../plan-types.js';

export interface TextOptions {
  readonly color?: boolean;
  readonly explanation?: Explanation | null;
}

const COLORS = { green: 32, red: 31, yellow: 33, gray: 90, bold: 1 } as const;

function paint(enabled: boolean, color: keyof typeof COLORS, text: string): string {
  return enabled ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

function shortKey(key: string | null): string {
  return key === null ? '-'.padEnd(12) : key.replace(/^sha256:/, '').slice(0, 12);
}

function mark(step: PlanStep, compared: boolean, color: boolean): string {
  if (step.key === null) return paint(color, 'gray', '·');
  if (!compared) return ' ';
  if (!step.rebuild) return paint(color, 'green', '✓');
  return step.conditional ? paint(color, 'yellow', '~') : paint(color, 'red', '✗');
}

function oneLine(text: string, width = 72): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export function planToText(plan: Plan, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const explanation = options.explanation ?? null;
  const compared = explanation !== null;
  const out: string[] = [];
  out.push(
    `${paint(color, 'bold', 'plan')} builder=${plan.builder} platform=${plan.platform} network=${plan.network}` +
      (plan.target ? ` target=${plan.target}` : '') +
      (plan.context.root !== null ? ` context: ${plan.context.files} files, ${plan.context.bytes} bytes` : ''),
  );
  const order = [...plan.stages].sort((a, b) => a.level - b.level || a.index - b.index);
  for (const stage of order) {
    const title = stage.name ? `${stage.name} (stage ${stage.index})` : `stage ${stage.index}`;
    const tail = stage.needed ? `level ${stage.level}` : 'not built for this target';
    out.push('');
    out.push(`${paint(color, 'bold', title)} from ${stage.base} — ${tail}`);
    for (const step of stage.steps) {
      const line = String(step.line).padStart(4);
      out.push(`  ${mark(step, compared, color)} ${line}  ${paint(color, 'gray', shortKey(step.key))}  ${oneLine(step.instruction)}`);
      if (step.reason && step.rebuild) out.push(`${' '.repeat(23)}${paint(color, 'gray', `↳ ${step.reason}`)}`);
      for (const note of step.notes ?? []) out.push(`${' '.repeat(23)}${paint(color, 'yellow', `! ${note}`)}`);
    }
    const summary = explanation?.stages.find((s) => s.index === stage.index)?.summary;
    if (summary && stage.needed) out.push(`  ${summary}`);
  }
  for (const warning of explanation?.warnings ?? []) out.push('', paint(color, 'yellow', `warning: ${warning}`));
  for (const diagnostic of plan.diagnostics) {
    const at = `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
    out.push(`${diagnostic.severity}: ${at} ${diagnostic.message} [${diagnostic.code}]`);
  }
  return `${out.join('\n')}\n`;
}
