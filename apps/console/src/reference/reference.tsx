import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { CategoryView, OrgUnitView } from '../api/api.types';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';

interface Reference {
  /** The org tree, parents first; empty until loaded (or when the API cannot be reached). */
  orgUnits: OrgUnitView[];
  categories: CategoryView[];
}

const ReferenceContext = createContext<Reference>({ orgUnits: [], categories: [] });
const RETRY_DELAYS_MS = [2_000, 5_000, 15_000];

/**
 * Reference data of this deployment — its org tree and case categories — loaded once after
 * sign-in, so the console names and offers the county it runs in, not a built-in demo.
 */
export function ReferenceProvider({ children }: { children: ReactNode }) {
  const { api, state } = useAuth();
  const { addNames } = useI18n();
  const [ref, setRef] = useState<Reference>({ orgUnits: [], categories: [] });
  useEffect(() => {
    if (state !== 'signed-in') return;
    let live = true;
    // Each list on its own, tried again a few times (a gateway still starting answers 503); a
    // screen still works with codes if one of them never comes.
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    const load = <K extends keyof Reference>(key: K, fetch: () => Promise<Reference[K]>, attempt = 0): void =>
      void fetch().then(
        (loaded) => {
          if (!live) return;
          setRef((r) => ({ ...r, [key]: loaded }));
          addNames(Object.fromEntries(loaded.map((x) => [x.code, { zh: x.name, en: x.nameEn }])));
        },
        () => {
          if (live && attempt < RETRY_DELAYS_MS.length) timers.push(setTimeout(() => load(key, fetch, attempt + 1), RETRY_DELAYS_MS[attempt]));
        },
      );
    load('orgUnits', () => api.orgUnits());
    load('categories', () => api.categories());
    return () => {
      live = false;
      timers.forEach(clearTimeout);
    };
  }, [api, state, addNames]);
  return <ReferenceContext.Provider value={ref}>{children}</ReferenceContext.Provider>;
}

export function useReference(): Reference {
  return useContext(ReferenceContext);
}

export { centreRoster, subtreeCodes } from './org-tree';
