import { useEffect, useState } from 'preact/hooks';

type Theme = 'system' | 'dark' | 'light';
const next: Record<Theme, Theme> = { system: 'dark', dark: 'light', light: 'system' };

/** Cycles the theme: the system's (prefers-color-scheme), dark, light; remembered in this browser. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('outlast-theme') as Theme | null) ?? 'system');
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    localStorage.setItem('outlast-theme', theme);
  }, [theme]);
  return (
    <button
      type="button"
      aria-label={`Theme: ${theme}. Switch to ${next[theme]}`}
      onClick={() => setTheme(next[theme])}
    >
      Theme: {theme}
    </button>
  );
}
