/** The stage graph as a Mermaid flowchart, for Markdown renderers. */
import type { Plan } from '../plan-types.js';

/**
 * A quoted label. Mermaid reads `#name;` as a character entity and may render labels as HTML: `#`, quotes and
 * angle brackets are written as entities, so a name shows as written and never as markup.
 */
function label(text: string): string {
  return `"${text.replace(/[#"<>&]/g, (character) => MERMAID_ENTITIES[character] ?? character)}"`;
}

const MERMAID_ENTITIES: Readonly<Record<string, string>> = { '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;' };

export function planToMermaid(plan: Plan): string {
  const lines = ['flowchart LR'];
  const images = new Map<string, string>();
  for (const stage of plan.stages) {
    lines.push(`  s${stage.index}[${label(`${stage.name ?? `stage ${stage.index}`} (${stage.steps.length} ${stage.steps.length === 1 ? 'step' : 'steps'})`)}]`);
    if (!stage.base.startsWith('stage:') && stage.base !== 'scratch' && !images.has(stage.base)) {
      images.set(stage.base, `i${images.size}`);
    }
  }
  for (const [image, id] of images) lines.push(`  ${id}([${label(image)}])`);
  for (const stage of plan.stages) {
    const image = images.get(stage.base);
    if (image) lines.push(`  ${image} -->|FROM| s${stage.index}`);
    for (const used of stage.dependsOn) {
      const isBase = stage.base === `stage:${plan.stages[used]?.name ?? used}`;
      lines.push(`  s${used} -->|${isBase ? 'FROM' : 'uses'}| s${stage.index}`);
    }
  }
  const unneeded = plan.stages.filter((stage) => !stage.needed).map((stage) => `s${stage.index}`);
  if (unneeded.length > 0) {
    lines.push('  classDef unneeded stroke-dasharray: 5 5,color:#888');
    lines.push(`  class ${unneeded.join(',')} unneeded`);
  }
  return `${lines.join('\n')}\n`;
}
