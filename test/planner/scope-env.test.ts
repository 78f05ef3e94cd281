import { describe, expect, it } from 'vitest';
import { ScopeEnv } from '../../src/planner/scope-env.js';

describe('ScopeEnv', () => {
  const args = new Map<string, string | undefined>([
    ['A', '1'],
    ['EMPTY', undefined],
    ['BOTH', 'from arg'],
    ['C', '3'],
  ]);
  const env = new Map([
    ['E', 'env'],
    ['BOTH', 'from env'],
  ]);
  const scope = new ScopeEnv(args, env);

  it('reads ARGs with a value, ENV overriding an ARG of the same name', () => {
    expect(scope.get('A')).toBe('1');
    expect(scope.get('BOTH')).toBe('from env');
    expect(scope.get('E')).toBe('env');
    expect(scope.get('EMPTY')).toBeUndefined();
    expect(scope.has('EMPTY')).toBe(false);
    expect(scope.has('NONE')).toBe(false);
    expect(scope.has('E')).toBe(true);
  });

  it('iterates ARGs as declared, then ENV-only names, one entry per name', () => {
    expect([...scope]).toEqual([
      ['A', '1'],
      ['BOTH', 'from env'],
      ['C', '3'],
      ['E', 'env'],
    ]);
    expect(scope.size).toBe(4);
    expect(Object.fromEntries(scope)).toEqual({ A: '1', BOTH: 'from env', C: '3', E: 'env' });
    const seen: string[] = [];
    scope.forEach((value, key) => seen.push(`${key}=${value}`));
    expect(seen).toEqual(['A=1', 'BOTH=from env', 'C=3', 'E=env']);
    expect([...scope.keys()]).toEqual(['A', 'BOTH', 'C', 'E']);
    expect([...scope.values()]).toEqual(['1', 'from env', '3', 'env']);
  });

  it('is a view: it sees the stage change', () => {
    const liveArgs = new Map<string, string | undefined>();
    const liveEnv = new Map<string, string>();
    const view = new ScopeEnv(liveArgs, liveEnv);
    liveArgs.set('X', 'arg');
    expect(view.get('X')).toBe('arg');
    liveEnv.set('X', 'env');
    expect(view.get('X')).toBe('env');
  });
});
