/** The plan as JSON: the documented `dfkit.plan/v1` shape, two-space indented, keys in a fixed order. */
import type { BuilderModel } from '../context-types.js';
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
  if (!isObject(value) || Array.isArray(value)) throw new PlanFormatError(`not a plan: the JSON is ${describeType(value)}, not an object`);
  const record = value as Record<string, unknown>;
  if (record['schema'] === undefined) throw new PlanFormatError(`not a plan: it has no "schema" (a dfkit plan has "${PLAN_SCHEMA}")`);
  if (record['schema'] !== PLAN_SCHEMA) {
    throw new PlanFormatError(`unsupported schema ${JSON.stringify(record['schema'])} (expected "${PLAN_SCHEMA}")`);
  }
  // The fields an explanation reads or names in its messages, each of the type it expects.
  if (!BUILDERS.includes(record['builder'] as BuilderModel)) {
    throw new PlanFormatError(`"builder" must be one of ${BUILDERS.join(', ')}, got ${describeValue(record['builder'])}`);
  }
  expectType(record, 'target', (target) => typeof target === 'string' || target === null, 'a stage name or null');
  expectType(record, 'platform', (platform) => typeof platform === 'string', 'a platform string');
  expectType(record, 'stages', Array.isArray, 'a list');
  (record['stages'] as unknown[]).forEach(checkStage);
  expectType(record, 'files', (files) => isObject(files) && !Array.isArray(files), 'an object of digests by path');
  for (const [path, digest] of Object.entries(record['files'] as Record<string, unknown>)) {
    if (typeof digest !== 'string') throw new PlanFormatError(`files["${path}"] is not a digest`);
  }
  return record as unknown as Plan;
}

const BUILDERS: readonly BuilderModel[] = ['buildkit', 'classic', 'podman'];

function expectType(record: Record<string, unknown>, field: string, valid: (value: unknown) => boolean, expected: string): void {
  const value = record[field];
  if (value === undefined) throw new PlanFormatError(`"${field}" is missing`);
  if (!valid(value)) throw new PlanFormatError(`"${field}" must be ${expected}, got ${describeType(value)}`);
}

/** What a JSON value is, for a message: `a list`, `a number`, `null`… */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/** A short JSON rendering of a scalar (objects and lists by their type). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'object' && value !== null ? describeType(value) : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** What an explanation reads of a stage and its steps, with the place of the first problem. */
function checkStage(stage: unknown, index: number): void {
  const where = `stages[${index}]`;
  if (!isObject(stage)) throw new PlanFormatError(`${where} is not a stage`);
  if (typeof stage['index'] !== 'number') throw new PlanFormatError(`${where} has no "index"`);
  if (!(typeof stage['name'] === 'string' || stage['name'] === null)) throw new PlanFormatError(`${where} has no "name"`);
  const steps = stage['steps'];
  if (!Array.isArray(steps)) throw new PlanFormatError(`${where} has no "steps" list`);
  steps.forEach((step: unknown, position) => checkStep(step, `${where}.steps[${position}]`));
}

function checkStep(step: unknown, where: string): void {
  if (!isObject(step)) throw new PlanFormatError(`${where} is not a step`);
  if (typeof step['line'] !== 'number' || !(typeof step['key'] === 'string' || step['key'] === null)) {
    throw new PlanFormatError(`${where} lacks "line" or "key"`);
  }
  if (typeof step['instruction'] !== 'string') throw new PlanFormatError(`${where} lacks "instruction"`);
  const inputs = step['inputs'];
  if (!isObject(inputs) || typeof inputs['text'] !== 'string') throw new PlanFormatError(`${where} lacks "inputs"`);
  const triggers = inputs['triggers'];
  if (triggers !== undefined) {
    if (!Array.isArray(triggers) || !triggers.every((trigger) => isObject(trigger) && typeof trigger['instruction'] === 'string')) {
      throw new PlanFormatError(`${where}.inputs.triggers is not a list of triggers`);
    }
  }
  const sources = inputs['sources'];
  if (sources === undefined) return;
  if (!Array.isArray(sources)) throw new PlanFormatError(`${where}.inputs.sources is not a list`);
  sources.forEach((source: unknown, position) => {
    const at = `${where}.inputs.sources[${position}]`;
    if (!isObject(source) || typeof source['source'] !== 'string' || typeof source['digest'] !== 'string') {
      throw new PlanFormatError(`${at} lacks "source" or "digest"`);
    }
    if (!Array.isArray(source['matches']) || !source['matches'].every((match) => typeof match === 'string')) {
      throw new PlanFormatError(`${at} lacks "matches"`);
    }
  });
}
