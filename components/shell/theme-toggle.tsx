'use client';

import { Moon, Sun } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { useTheme } from './theme';

/** Top-bar switch between light and dark (Settings also offers "match the system"). */
export function ThemeToggle() {
  const { resolved, setPreference } = useTheme();
  const dark = resolved === 'dark';
  const label = dark ? 'Switch to light theme' : 'Switch to dark theme';
  return (
    <Button variant="ghost" size="icon" aria-label={label} title={label} onClick={() => setPreference(dark ? 'light' : 'dark')}>
      {dark ? <Sun className="size-4" aria-hidden="true" /> : <Moon className="size-4" aria-hidden="true" />}
    </Button>
  );
}
