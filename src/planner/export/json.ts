/** The plan as JSON: the documented `dfkit.plan/v1` shape, two-space indented, keys in a fixed order. */
import { PLAN_SCHEMA, type Plan } from '../plan-types.js';

export function planToJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Why a saved plan cannot be read. */
export class PlanFormatError extends Error {
  override readonly name = 'PlanFormatError';
}

/** Reads a plan written by {@link planToJson}; throws {@link PlanFormatError} with the problem otherwise. */
export function planFromJson(text: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PlanFormatError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null) throw new PlanFormatError('not a plan object');
  const record = value as Record<string, unknown>;
  if (record['schema'] !== PLAN_SCHEMA) {
    throw new PlanFormatError(`unsupported schema ${JSON.stringify(record['schema'])} (expected "${PLAN_SCHEMA}")`);
  }
  if (!Array.isArray(record['stages'])) throw new PlanFormatError('"stages" is missing');
  for (const stage of record['stages'] as unknown[]) {
    const steps = (stage as { steps?: unknown }).steps;
    if (!Array.isArray(steps)) throw new PlanFormatError('a stage has no "steps" list');
    for (const step of steps as Array<Record<string, unknown>>) {
      if (typeof step['line'] !== 'number' || !(typeof step['key'] === 'string' || step['key'] === null)) {
        throw new PlanFormatError('a step lacks "line" or "key"');
      }
    }
  }
  if (typeof record['files'] !== 'object' || record['files'] === null) throw new PlanFormatError('"files" is missing');
  return value as Plan;
}
