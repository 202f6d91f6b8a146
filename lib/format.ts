/** Numbers as every surface prints them: digits grouped with commas (1,234,567), whatever the browser's locale. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
