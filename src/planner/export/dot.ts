/** The stage graph as Graphviz DOT: one node per stage (dashed when not needed), one edge per use. */
import type { Plan } from '../plan-types.js';

function quote(text: string): string {
  return `"${escaped(text)}"`;
}

/** The text as it is written inside a DOT string: backslashes and quotes escaped. */
function escaped(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function planToDot(plan: Plan): string {
  const lines = ['digraph stages {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];'];
  const images = new Set<string>();
  for (const stage of plan.stages) {
    // The name is escaped on its own: the `\n` after it is DOT's line break, while a backslash and an `n` in
    // the name stay as written.
    const steps = `${stage.steps.length} ${stage.steps.length === 1 ? 'step' : 'steps'}`;
    const style = stage.needed ? '' : ', style=dashed, fontcolor=gray';
    lines.push(`  s${stage.index} [label="${escaped(stage.name ?? `stage ${stage.index}`)}\\n${steps}"${style}];`);
    if (!stage.base.startsWith('stage:') && stage.base !== 'scratch') images.add(stage.base);
  }
  for (const image of [...images].sort()) {
    lines.push(`  ${quote(`image:${image}`)} [label=${quote(image)}, shape=ellipse];`);
  }
  for (const stage of plan.stages) {
    if (!stage.base.startsWith('stage:') && stage.base !== 'scratch') {
      lines.push(`  ${quote(`image:${stage.base}`)} -> s${stage.index} [label="FROM"];`);
    }
    for (const used of stage.dependsOn) {
      const isBase = stage.base === `stage:${plan.stages[used]?.name ?? used}`;
      lines.push(`  s${used} -> s${stage.index} [label=${quote(isBase ? 'FROM' : 'uses')}];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
