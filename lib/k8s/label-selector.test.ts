import { describe, expect, it } from 'vitest';
import { isEmptySelector, labelLookup, LabelSelectorSyntaxError, parseLabelSelector, selectorMatches, selectorMatchesTri, serviceSelectorMatches } from './label-selector';

const labels = { app: 'web', tier: 'fe', empty: '' };

describe('structured label selectors (Kubernetes semantics)', () => {
  it('requires every matchLabels pair and every expression', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'be' } }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['be'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { empty: '' } }, labels)).toBe(true);
  });

  it('knows the four operators, absent labels included', () => {
    const m = (operator: string, key: string, values?: string[]) => selectorMatches({ matchExpressions: [{ key, operator, values }] }, labels);
    expect(m('In', 'app', ['web', 'api'])).toBe(true);
    expect(m('In', 'missing', ['web'])).toBe(false);
    expect(m('NotIn', 'app', ['web'])).toBe(false);
    expect(m('NotIn', 'missing', ['web'])).toBe(true);
    expect(m('Exists', 'empty')).toBe(true);
    expect(m('Exists', 'missing')).toBe(false);
    expect(m('DoesNotExist', 'missing')).toBe(true);
    expect(m('DoesNotExist', 'app')).toBe(false);
  });

  it('an empty or absent selector matches everything; an operator the API server rejects matches nothing', () => {
    expect(selectorMatches({}, undefined)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(true);
    expect(selectorMatches(null, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, labels)).toBe(false);
  });

  it('reads own labels only (no prototype keys)', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {})).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' }] }, {})).toBe(true);
  });

  it('isEmptySelector: {} is empty, an absent selector is for the caller to judge', () => {
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: 'b' } })).toBe(false);
    expect(isEmptySelector(undefined)).toBe(false);
    expect(isEmptySelector(null)).toBe(false);
  });
});

describe('three-valued matching', () => {
  const partial = (key: string) => (key === 'app' ? 'web' : key.startsWith('ns.') ? null : undefined);

  it('is unknown only when an unknown label could change the answer', () => {
    expect(selectorMatchesTri({ matchLabels: { 'ns.team': 'a' } }, partial)).toBe('unknown');
    expect(selectorMatchesTri({ matchLabels: { 'ns.team': 'a', app: 'api' } }, partial)).toBe('no');
    expect(selectorMatchesTri({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'ns.x', operator: 'Exists' }] }, partial)).toBe('unknown');
    expect(selectorMatchesTri({ matchLabels: { app: 'web' } }, partial)).toBe('yes');
  });

  it('is unknown for a selector it cannot read', () => {
    expect(selectorMatchesTri('app=web', partial)).toBe('unknown');
    expect(selectorMatchesTri({ matchExpressions: [{ operator: 'Exists' }] }, partial)).toBe('unknown');
    expect(selectorMatchesTri({ matchExpressions: [{ key: 'app', operator: 'Gt' }] }, partial)).toBe('unknown');
    expect(selectorMatchesTri(undefined, partial)).toBe('yes');
  });

  it('agrees with the two-valued form on known labels', () => {
    const selectors = [{}, { matchLabels: { app: 'web' } }, { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['fe'] }] }];
    for (const s of selectors) expect(selectorMatchesTri(s, labelLookup(labels)) === 'yes').toBe(selectorMatches(s, labels));
  });
});

describe('Service selectors', () => {
  it('match on every pair; an absent or empty selector selects no pod', () => {
    expect(serviceSelectorMatches({ app: 'web' }, labels)).toBe(true);
    expect(serviceSelectorMatches({ app: 'web', tier: 'be' }, labels)).toBe(false);
    expect(serviceSelectorMatches({}, labels)).toBe(false);
    expect(serviceSelectorMatches(undefined, labels)).toBe(false);
    expect(serviceSelectorMatches({ app: 'web' }, undefined)).toBe(false);
  });
});

describe('the string form', () => {
  const matches = (text: string, l: Record<string, string>) => selectorMatches(parseLabelSelector(text), l);

  it('supports every operator', () => {
    const l = { a: '1', b: 'x' };
    expect(matches('a=1', l)).toBe(true);
    expect(matches('a==2', l)).toBe(false);
    expect(matches('c!=1', l)).toBe(true);
    expect(matches('a!=1', l)).toBe(false);
    expect(matches('b in (x, y)', l)).toBe(true);
    expect(matches('b notin (y, z)', l)).toBe(true);
    expect(matches('a', l)).toBe(true);
    expect(matches('!c', l)).toBe(true);
    expect(matches('! a', l)).toBe(false);
    expect(matches('a=1,b in (x),!c', l)).toBe(true);
    expect(matches('a=1,b in (y),!c', l)).toBe(false);
  });

  it('parses into the structured form', () => {
    expect(parseLabelSelector('a=b,c!=d,e in (x,y),!f,g')).toEqual({
      matchExpressions: [
        { key: 'a', operator: 'In', values: ['b'] },
        { key: 'c', operator: 'NotIn', values: ['d'] },
        { key: 'e', operator: 'In', values: ['x', 'y'] },
        { key: 'f', operator: 'DoesNotExist' },
        { key: 'g', operator: 'Exists' },
      ],
    });
    expect(isEmptySelector(parseLabelSelector(' '))).toBe(true);
    expect(matches('a in ()', { a: '' })).toBe(false);
  });

  it('rejects malformed selectors with a readable error', () => {
    expect(() => parseLabelSelector('a in x')).toThrow(LabelSelectorSyntaxError);
    expect(() => parseLabelSelector('a in x')).toThrow(/Invalid label selector "a in x": cannot read "a in x"/);
    expect(() => parseLabelSelector('a=b=c')).toThrow(/Invalid label selector/);
  });
});
