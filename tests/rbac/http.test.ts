import { describe, expect, it } from 'vitest';
import { graphQuerySchema, subjectKeyParam, whoCanQuerySchema } from '../../lib/dashboard/rbac/http';

describe('subject key parameter', () => {
  it('decodes keys and rejects malformed ones with 400s', () => {
    expect(subjectKeyParam(encodeURIComponent('ServiceAccount:ci/build-runner'))).toBe('ServiceAccount:ci/build-runner');
    expect(subjectKeyParam('User:alice@example.com')).toBe('User:alice@example.com');
    expect(() => subjectKeyParam('%E0%A4%A')).toThrow(/URL encoding/);
    expect(() => subjectKeyParam('Pod:x')).toThrow();
  });
});

describe('query schemas', () => {
  it('bounds hops to 1..3, knows the risk ids, and needs verb and resource', () => {
    expect(graphQuerySchema.parse({ hops: '3', includeSystem: 'true', risk: 'secrets-read' })).toMatchObject({ hops: 3, includeSystem: true, risk: 'secrets-read' });
    expect(() => graphQuerySchema.parse({ hops: '4' })).toThrow();
    expect(() => graphQuerySchema.parse({ risk: 'nope' })).toThrow();
    expect(graphQuerySchema.parse({ namespace: '  ' }).namespace).toBeUndefined();
    expect(() => whoCanQuerySchema.parse({ verb: 'get' })).toThrow();
  });
});
