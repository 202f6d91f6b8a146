import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RemediationStep } from '../../components/findings/remediation-step';
import { CHECKS } from '../checks/index';
import { stepParts, stepPlainText } from './steps';

describe('remediation steps: `code` spans', () => {
  it('splits a step into text and code parts', () => {
    expect(stepParts('Remove `privileged: true` from the container, or run `kubectl get pods`.')).toEqual([
      { code: false, text: 'Remove ' },
      { code: true, text: 'privileged: true' },
      { code: false, text: ' from the container, or run ' },
      { code: true, text: 'kubectl get pods' },
      { code: false, text: '.' },
    ]);
  });

  it('leaves a lone or empty backtick as written', () => {
    expect(stepParts('a ` b')).toEqual([{ code: false, text: 'a ` b' }]);
    expect(stepParts('a `` b')).toEqual([{ code: false, text: 'a `` b' }]);
  });

  it('renders code spans as <code> on the pages, with no backtick left', () => {
    const html = renderToStaticMarkup(createElement(RemediationStep, { text: 'Set `readOnlyRootFilesystem: true` on it.' }));
    expect(html).toContain('<code');
    expect(html).toContain('readOnlyRootFilesystem: true</code>');
    expect(html).not.toContain('`');
  });

  it('gives the PDF the step without backticks', () => {
    expect(stepPlainText('Run `kubeadm upgrade node` on each node.')).toBe('Run kubeadm upgrade node on each node.');
  });

  it('every check step that uses backticks pairs them', () => {
    for (const check of CHECKS) {
      for (const step of check.remediation.steps) {
        const ticks = step.split('`').length - 1;
        expect(ticks % 2, `${check.id}: ${step}`).toBe(0);
      }
    }
  });
});
