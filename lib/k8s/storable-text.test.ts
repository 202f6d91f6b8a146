import { describe, expect, it } from 'vitest';
import { isStorableText, makeStorable, storableText } from './storable-text';

describe('storableText', () => {
  it('replaces NUL and unpaired surrogates with U+FFFD and keeps everything else', () => {
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('x\ud800y')).toBe('x\ufffdy');
    expect(storableText('\udc00')).toBe('\ufffd');
    expect(storableText('end\ud83d')).toBe('end\ufffd');
    const odd = 'zero\u200bwidth \u202eevil 🚀 ﷽ e\u0301 \ufffd';
    expect(storableText(odd)).toBe(odd);
    expect(isStorableText(odd)).toBe(true);
    expect(isStorableText('\ud83d\ude80')).toBe(true);
  });

  it('normalises a whole object in place, keys included, in key order', () => {
    const o = { a: ['x\u0000', { 'k\u0000': 'v\ud800', z: 1 }], b: null, c: true };
    const out = makeStorable(o);
    expect(out).toBe(o);
    expect(JSON.stringify(o)).toBe(JSON.stringify({ a: ['x\ufffd', { 'k\ufffd': 'v\ufffd', z: 1 }], b: null, c: true }));
  });
});
