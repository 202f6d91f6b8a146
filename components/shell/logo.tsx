/** Rampart's mark: a shield with a battlement. Decorative (aria-hidden); the wordmark beside it names the app. */
export function Logo({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <path d="M16 2.5 4.5 6.8v8.4c0 7.3 4.9 12.6 11.5 14.3 6.6-1.7 11.5-7 11.5-14.3V6.8L16 2.5Z" fill="var(--accent)" />
      <path d="M10 12h2.4v2H14v-2h4v2h1.6v-2H22v4.5c0 3.8-2.5 6.6-6 7.7-3.5-1.1-6-3.9-6-7.7V12Z" fill="var(--accent-foreground)" opacity="0.92" />
    </svg>
  );
}
