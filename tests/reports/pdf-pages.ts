/**
 * Page measurements of a rendered PDF for layout tests: each page rasterised with pdftoppm
 * (grey, 50 dpi) and its text read with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A4 in points, and the report's body margins (lib/reports/pdf/parts.tsx: paddingTop 54, paddingBottom 50). */
const PAGE_HEIGHT = 842;
const BODY_TOP = 54;
const BODY_BOTTOM = 50;

/** Reads a binary PGM (P5, 8-bit) as written by pdftoppm -gray. */
function readPgm(buf: Buffer): { width: number; height: number; pixels: Buffer } {
  // Header: "P5\n<w> <h>\n255\n" (pdftoppm writes no comments).
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]))) tok += String.fromCharCode(buf[pos++]);
    fields.push(tok);
  }
  pos++;
  if (fields[0] !== 'P5' || fields[3] !== '255') throw new Error(`not an 8-bit binary PGM: ${fields.join(' ')}`);
  const [width, height] = [Number(fields[1]), Number(fields[2])];
  return { width, height, pixels: buf.subarray(pos, pos + width * height) };
}

/**
 * Per page, the share of the body (between the running header and footer) left empty below the
 * last printed line: 0 for a full page, close to 1 for a page with a single line at the top.
 */
export function pageBlankness(pdfFile: string): number[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rampart-pdf-pages-'));
  try {
    execFileSync('pdftoppm', ['-r', '50', '-gray', pdfFile, path.join(dir, 'p')]);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort((a, b) => Number(a.match(/(\d+)\.pgm$/)?.[1]) - Number(b.match(/(\d+)\.pgm$/)?.[1]));
    return files.map((f) => {
      const { width, height, pixels } = readPgm(readFileSync(path.join(dir, f)));
      const top = Math.round((height * BODY_TOP) / PAGE_HEIGHT);
      const bottom = Math.round((height * (PAGE_HEIGHT - BODY_BOTTOM)) / PAGE_HEIGHT);
      let last = top;
      for (let y = top; y < bottom; y++) {
        const row = pixels.subarray(y * width, (y + 1) * width);
        if (row.some((v) => v < 200)) last = y;
      }
      return (bottom - last) / (bottom - top);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page (pdftotext, form feed between pages). */
export function pageTexts(pdfFile: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return text.replace(/\f$/, '').split('\f');
}
