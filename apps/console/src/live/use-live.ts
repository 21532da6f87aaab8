import { useEffect, useRef, useState } from 'react';
import type { LiveCaseEvent } from '../api/api.types';
import { useAuth } from '../auth/auth';

function parseEvent(data: unknown): LiveCaseEvent | null {
  try {
    const e = JSON.parse(String(data)) as Partial<LiveCaseEvent>;
    return typeof e.caseId === 'string' && typeof e.type === 'string' ? (e as LiveCaseEvent) : null;
  } catch {
    return null;
  }
}

/**
 * Server-sent events from the gateway (`/api/v1/cases/{id}/events` or `/api/v1/events`):
 * calls `onEvent` (throttled) with the changes seen since the last call. EventSource cannot send
 * headers, so the token travels as `?access_token=`; on an error the stream reopens with a fresh
 * token, and every (re)open calls `onEvent(null)` once to catch up with changes made before the
 * stream was listening (null: anything may have changed).
 */
export function useLive(path: string | null, onEvent: (events: LiveCaseEvent[] | null) => void): boolean {
  const { token, state } = useAuth();
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!path || state !== 'signed-in' || typeof EventSource === 'undefined') return;
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let batch: LiveCaseEvent[] | null = [];
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
      // An unknown change (null) makes the whole batch unknown.
      const changed = (e: LiveCaseEvent | null) => {
        batch = e && batch ? [...batch, e] : null;
        if (pending) return;
        pending = setTimeout(() => {
          const events = batch;
          pending = undefined;
          batch = [];
          handler.current(events);
        }, 300);
      };
      // Once the stream is open, catch up with what changed before it was (a case routed while the
      // stream was still connecting, or while it was down).
      es.onopen = () => {
        setConnected(true);
        changed(null);
      };
      es.addEventListener('case', (m) => changed(parseEvent(m.data)));
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
