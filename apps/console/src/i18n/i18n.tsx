import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { codeName, translate, type LoadedNames, type MessageKey } from './dictionary';

export type Lang = 'zh' | 'en';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: MessageKey): string;
  /** Name of an API code (status, category, department, org unit…). */
  n(code: string | null | undefined): string;
  /** Adds names loaded from the API (org units, categories). */
  addNames(names: LoadedNames): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('fq.lang') === 'en' ? 'en' : 'zh'));
  const [loaded, setLoaded] = useState<LoadedNames>({});
  const addNames = useCallback((names: LoadedNames) => setLoaded((before) => ({ ...before, ...names })), []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (l) => {
        localStorage.setItem('fq.lang', l);
        document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
        setLangState(l);
      },
      t: (key) => translate(key, lang),
      n: (code) => codeName(code, lang, loaded),
      addNames,
    }),
    [lang, loaded, addNames],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
