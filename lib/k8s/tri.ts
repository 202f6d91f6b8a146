/**
 * Three-valued logic for questions the snapshot may not answer: 'unknown' is neither true nor
 * false, and stays unknown unless the other side settles the answer (Kleene logic).
 */
export type Tri = 'yes' | 'no' | 'unknown';

export function triAnd(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'yes';
}

export function triOr(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'no';
}

export function triNot(a: Tri): Tri {
  return a === 'yes' ? 'no' : a === 'no' ? 'yes' : 'unknown';
}

export const triOf = (b: boolean): Tri => (b ? 'yes' : 'no');
