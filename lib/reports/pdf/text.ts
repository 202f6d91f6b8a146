/**
 * Text helpers for the PDF. The report uses the PDF standard fonts (Helvetica, Courier: nothing
 * to download or bundle), which only encode WinAnsi (Windows-1252): other characters would come
 * out as garbage, so they are mapped to ASCII look-alikes first. Code blocks are hard-wrapped to
 * the block width so a long command or patch line wraps instead of running off the page.
 */

const REPLACEMENTS: Array<[RegExp, string]> = [
  [/[→⇒⟶]/g, '->'],
  [/[←⇐]/g, '<-'],
  [/≥/g, '>='],
  [/≤/g, '<='],
  [/≠/g, '!='],
  [/×/g, 'x'],
  [/[✓✔]/g, 'OK'],
  [/[✗✘]/g, 'X'],
  [/\u00a0/g, ' '],
];

/** Characters Windows-1252 has beyond Latin-1 (curly quotes, dashes, bullet, ellipsis …). */
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function pdfSafe(text: string): string {
  let s = text;
  for (const [re, to] of REPLACEMENTS) s = s.replace(re, to);
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 63;
    out += c === 9 ? '  ' : c === 10 || (c >= 32 && c < 127) || (c >= 160 && c <= 255) || CP1252_EXTRA.has(ch) ? ch : '?';
  }
  return out;
}

/**
 * Wraps every line of a code block at `width` characters (monospace), continuing a broken line
 * with the same indentation plus two spaces, preferring to break after a space, comma or slash.
 */
export function wrapCode(code: string, width: number): string {
  const out: string[] = [];
  for (const raw of pdfSafe(code).replace(/\s+$/, '').split('\n')) {
    if (raw.length <= width) {
      out.push(raw);
      continue;
    }
    const indent = ' '.repeat(Math.min(raw.length - raw.trimStart().length + 2, Math.floor(width / 2)));
    let rest = raw;
    let first = true;
    while (rest.length) {
      const avail = first ? width : width - indent.length;
      if (rest.length <= avail) {
        out.push(first ? rest : indent + rest);
        break;
      }
      let cut = avail;
      const window = rest.slice(0, avail);
      const soft = Math.max(window.lastIndexOf(' '), window.lastIndexOf(','), window.lastIndexOf('/'));
      if (soft > avail * 0.5) cut = soft + 1;
      out.push((first ? '' : indent) + rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
      first = false;
    }
  }
  return out.join('\n');
}
