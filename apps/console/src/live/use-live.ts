import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/auth';

/**
 * Server-sent events from the gateway (`/api/v1/cases/{id}/events` or `/api/v1/events`):
 * calls `onEvent` (throttled) when a case changes. EventSource cannot send headers, so the
 * token travels as `?access_token=`; on an error the stream reopens with a fresh token, and every
 * (re)open calls `onEvent` once to catch up with changes made before the stream was listening.
 */
export function useLive(path: string | null, onEvent: () => void): boolean {
  const { token, state } = useAuth();
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!path || state !== 'signed-in' || typeof EventSource === 'undefined') return;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const open = async () => {
      let tk: string;
      try {
        tk = await token();
      } catch {
        return;
      }
      if (closed) return;
      es = new EventSource(`${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(tk)}`);
      const changed = () => {
        if (pending) return;
        pending = setTimeout(() => {
          pending = undefined;
          handler.current();
        }, 300);
      };
      // Once the stream is open, catch up with what changed before it was (a case routed while the
      // stream was still connecting, or while it was down).
      es.onopen = () => {
        setConnected(true);
        changed();
      };
      es.addEventListener('case', changed);
      es.onerror = () => {
        setConnected(false);
        es?.close();
        if (!closed) retry = setTimeout(() => void open(), 5000);
      };
    };
    void open();
    return () => {
      closed = true;
      es?.close();
      clearTimeout(retry);
      clearTimeout(pending);
      setConnected(false);
    };
  }, [path, state, token]);
  return connected;
}
