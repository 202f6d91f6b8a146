import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SecretOnce } from '@/components/webhooks/webhooks-manager';

describe('the webhook signing-secret dialog', () => {
  it('shows the secret once with a Copy button, as the API-token dialog does', () => {
    const html = renderToStaticMarkup(createElement(SecretOnce, { secret: 'whsec-abc123', onDone: () => {} }));
    expect(html).toContain('whsec-abc123');
    expect(html).toMatch(/<button[^>]*aria-label="Copy"/);
  });
});
