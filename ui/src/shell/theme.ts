/** Light and dark themes: the system's by default, or the user's choice kept in localStorage. */
import { useCallback, useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'omniscope.theme';
const media = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

function readChoice(): ThemeChoice {
  const v = window.localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function useTheme(): { readonly theme: Theme; readonly choice: ThemeChoice; readonly setChoice: (c: ThemeChoice) => void } {
  const [choice, setChoiceState] = useState<ThemeChoice>(readChoice);
  const [systemDark, setSystemDark] = useState(() => media().matches);
  useEffect(() => {
    const m = media();
    const onChange = (): void => setSystemDark(m.matches);
    m.addEventListener('change', onChange);
    return () => m.removeEventListener('change', onChange);
  }, []);
  const theme: Theme = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
  // Set during render, not in an effect: children's effects (the charts read CSS variables)
  // run before their parent's, and must already see the new theme.
  if (document.documentElement.dataset.theme !== theme) document.documentElement.dataset.theme = theme;
  const setChoice = useCallback((c: ThemeChoice) => {
    if (c === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, c);
    setChoiceState(c);
  }, []);
  return { theme, choice, setChoice };
}
