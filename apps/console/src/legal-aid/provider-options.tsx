import { useEffect, useState } from 'react';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { legalAidApi } from './legal-aid.api';
import { providerOption } from './legal-aid.helpers';

/**
 * The legal-aid roster as choices for an assignment, loaded only when a form asks for it (`wanted`):
 * null while loading; empty if it cannot load (the agency then picks by itself).
 */
export function useProviderOptions(wanted: boolean) {
  const { api } = useAuth();
  const { n } = useI18n();
  const [providers, setProviders] = useState<ReturnType<typeof providerOption>[] | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    legalAidApi(api)
      .providers()
      .then(
        (ps) => live && setProviders(ps.map((p) => providerOption(p, n))),
        () => live && setProviders([]),
      );
    return () => {
      live = false;
    };
    // Names may arrive later (org units): the labels are made once, when the roster loads.
  }, [wanted, api]);
  return providers;
}
