/**
 * Remediation steps are written with `backticks` around commands, fields and values, as in the
 * check catalog's source. Pages show those spans as code; the PDF prints the text without them.
 */
export interface StepPart {
  code: boolean;
  text: string;
}

/** The step split into plain text and `code` spans (a lone or empty pair of backticks stays text). */
export function stepParts(step: string): StepPart[] {
  const parts: StepPart[] = [];
  let text = '';
  let at = 0;
  for (const m of step.matchAll(/`([^`]+)`/g)) {
    text += step.slice(at, m.index);
    if (text) parts.push({ code: false, text });
    text = '';
    parts.push({ code: true, text: m[1]! });
    at = m.index + m[0].length;
  }
  text += step.slice(at);
  if (text) parts.push({ code: false, text });
  return parts;
}

/** The step as plain text, code spans without their backticks. */
export function stepPlainText(step: string): string {
  return stepParts(step)
    .map((p) => p.text)
    .join('');
}
