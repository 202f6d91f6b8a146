/** Shell-style globs of exception rules (client-safe: the exception dialog validates with it; no database import). */

/** Shell-style glob: `*` any run of characters, `?` one character; whole-string match. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
