/**
 * Calico selector expressions (`app == 'web' && has(tier)`, `all()`, `k in {'a','b'}`, ...),
 * evaluated three-valued over a label lookup.
 */
import { labelLookup, type LabelLookup } from '../../../../k8s/label-selector';
import { triAnd, triNot, triOf, triOr, type Tri } from '../../../../k8s/tri';
import { namespaceLookup, type PodInfo } from './model';

type CalicoExpr = (lookup: LabelLookup) => Tri;

/** Parses a Calico selector expression; undefined when it is not understood. Empty means all(). */
export function parseCalicoSelector(text: string | undefined): CalicoExpr | undefined {
  const src = (text ?? '').trim();
  if (!src) return () => 'yes';
  const tokens: string[] = [];
  const re = /\s*(\|\||&&|==|!=|!|\(|\)|\{|\}|,|"[^"]*"|'[^']*'|[A-Za-z0-9_./-]+)/y;
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) {
      if (/^\s+$/.test(src.slice(pos))) break;
      return undefined;
    }
    tokens.push(m[1]!);
    pos = re.lastIndex;
  }
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (t?: string): string => {
    const tok = tokens[i];
    if (tok === undefined || (t !== undefined && tok !== t)) throw new Error('parse');
    i++;
    return tok;
  };
  const literal = (): string => {
    const tok = take();
    if (!/^["']/.test(tok)) throw new Error('parse');
    return tok.slice(1, -1);
  };
  const set = (): string[] => {
    take('{');
    const out: string[] = [];
    if (peek() !== '}') {
      out.push(literal());
      while (peek() === ',') {
        take(',');
        out.push(literal());
      }
    }
    take('}');
    return out;
  };
  const primary = (): CalicoExpr => {
    const tok = take();
    if (tok === '!') {
      const inner = primary();
      return (l) => triNot(inner(l));
    }
    if (tok === '(') {
      const inner = expr();
      take(')');
      return inner;
    }
    if ((tok === 'all' || tok === 'global') && peek() === '(') {
      take('(');
      take(')');
      // global() selects non-namespaced endpoints (network sets, host endpoints), never a pod.
      return tok === 'all' ? () => 'yes' : () => 'no';
    }
    if (tok === 'has' && peek() === '(') {
      take('(');
      const key = take();
      take(')');
      return (l) => {
        const v = l(key);
        return v === null ? 'unknown' : triOf(v !== undefined);
      };
    }
    if (!/^[A-Za-z0-9_./-]+$/.test(tok)) throw new Error('parse');
    const key = tok;
    const op = take();
    const withValue = (f: (v: string | undefined) => boolean): CalicoExpr => (l) => {
      const v = l(key);
      return v === null ? 'unknown' : triOf(f(v));
    };
    if (op === '==') {
      const lit = literal();
      return withValue((v) => v === lit);
    }
    if (op === '!=') {
      const lit = literal();
      return withValue((v) => v !== lit);
    }
    if (op === 'in') {
      const values = set();
      return withValue((v) => v !== undefined && values.includes(v));
    }
    if (op === 'not') {
      take('in');
      const values = set();
      return withValue((v) => v === undefined || !values.includes(v));
    }
    if (op === 'contains') {
      const lit = literal();
      return withValue((v) => v !== undefined && v.includes(lit));
    }
    if (op === 'starts' || op === 'ends') {
      take('with');
      const lit = literal();
      return withValue((v) => v !== undefined && (op === 'starts' ? v.startsWith(lit) : v.endsWith(lit)));
    }
    throw new Error('parse');
  };
  const conj = (): CalicoExpr => {
    let left = primary();
    while (peek() === '&&') {
      take('&&');
      const a = left;
      const b = primary();
      left = (l) => triAnd(a(l), b(l));
    }
    return left;
  };
  const expr = (): CalicoExpr => {
    let left = conj();
    while (peek() === '||') {
      take('||');
      const a = left;
      const b = conj();
      left = (l) => triOr(a(l), b(l));
    }
    return left;
  };
  try {
    const e = expr();
    if (i !== tokens.length) return undefined;
    return e;
  } catch {
    return undefined;
  }
}

export function calicoTri(text: unknown, lookup: LabelLookup): Tri {
  if (text !== undefined && typeof text !== 'string') return 'unknown';
  const e = parseCalicoSelector(text);
  return e ? e(lookup) : 'unknown';
}

export function calicoPodLookup(pod: PodInfo): LabelLookup {
  const ns = namespaceLookup(pod);
  const own = labelLookup(pod.labels);
  return (key) => {
    if (key === 'projectcalico.org/namespace') return pod.namespace;
    if (key === 'projectcalico.org/orchestrator') return 'k8s';
    if (key === 'projectcalico.org/serviceaccount') return pod.serviceAccount;
    if (key.startsWith('pcns.')) return ns(key.slice(5));
    if (key.startsWith('pcsa.') || key.startsWith('projectcalico.org/')) return null;
    return own(key);
  };
}

export function calicoNamespaceLookup(pod: PodInfo): LabelLookup {
  const ns = namespaceLookup(pod);
  return (key) => (key === 'projectcalico.org/name' ? pod.namespace : ns(key));
}
