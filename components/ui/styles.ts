/** Shared class strings for form controls (Input, Select, Textarea). */
export const controlClasses =
  'block w-full rounded-md border border-border-strong bg-surface px-3 text-sm text-foreground shadow-xs ' +
  'placeholder:text-subtle focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40 ' +
  'disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-danger aria-invalid:focus-visible:outline-danger/40';
