import Keycloak from 'keycloak-js';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiClient } from '../api/api-client';
import { sessionFromClaims, type Session, type TokenClaims } from './session';

interface RuntimeConfig {
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

interface Auth {
  state: 'starting' | 'anonymous' | 'signed-in' | 'failed';
  session: Session | null;
  /** True after a 401 or a failed refresh: the shell asks for a new login. */
  expired: boolean;
  error: string | null;
  api: ApiClient;
  login(): void;
  logout(): void;
  /** The current access token, refreshed when close to expiry (for EventSource URLs). */
  token(): Promise<string>;
}

const AuthContext = createContext<Auth | null>(null);

/**
 * Keycloak login (public client fq-console, authorization code + PKCE S256). check-sso: a
 * visitor who is not signed in sees the welcome page; tokens refresh before they expire.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const kc = useRef<Keycloak | null>(null);
  const [state, setState] = useState<Auth['state']>('starting');
  const [session, setSession] = useState<Session | null>(null);
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const res = await fetch('/console-config.json');
      if (!res.ok) throw new Error(`console-config.json: HTTP ${res.status}`);
      const cfg = (await res.json()) as RuntimeConfig;
      const k = new Keycloak({ url: cfg.keycloakUrl, realm: cfg.realm, clientId: cfg.clientId });
      kc.current = k;
      k.onTokenExpired = () => {
        k.updateToken(30).catch(() => setExpired(true));
      };
      k.onAuthRefreshSuccess = () => setSession(sessionFromClaims((k.tokenParsed ?? {}) as TokenClaims));
      const authenticated = await k.init({ onLoad: 'check-sso', pkceMethod: 'S256', checkLoginIframe: false });
      if (cancelled) return;
      if (authenticated) {
        setSession(sessionFromClaims((k.tokenParsed ?? {}) as TokenClaims));
        setState('signed-in');
      } else setState('anonymous');
    })().catch((e: unknown) => {
      if (cancelled) return;
      setError(e instanceof Error ? e.message : String(e));
      setState('failed');
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const token = useCallback(async () => {
    const k = kc.current;
    if (!k?.authenticated) throw new Error('not signed in');
    await k.updateToken(30);
    if (!k.token) throw new Error('no token');
    return k.token;
  }, []);

  const api = useMemo(() => new ApiClient({ token, onUnauthorized: () => setExpired(true) }), [token]);

  const value = useMemo<Auth>(
    () => ({
      state,
      session,
      expired,
      error,
      api,
      token,
      login: () => void kc.current?.login({ redirectUri: window.location.href }),
      logout: () => void kc.current?.logout({ redirectUri: `${window.location.origin}/` }),
    }),
    [state, session, expired, error, api, token],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
