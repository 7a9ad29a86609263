import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import useSWR, { type SWRConfiguration } from 'swr';
import { useQuery } from '@tanstack/react-query';
import { useAuth, useLatchkey } from '@latchkey/react';
import { PatternCard } from './PatternCard';
import { HttpError, failureOf, okResultOf, resultOf, useRecorder, type CallResult } from './result';

/** Props every pattern gets from the page. */
export interface PatternProps {
  /** The cross-origin API's origin, e.g. `http://127.0.0.1:5300`. */
  readonly api: string;
  /** Bumped by "Call every pattern". */
  readonly callAll: number;
}

// SWR: retry network and server errors a few times; an auth failure (401/403) is an answer, not a glitch.
const swrOptions: SWRConfiguration<CallResult, unknown> = {
  revalidateOnFocus: false,
  onErrorRetry: (error, _key, _config, revalidate, { retryCount }) => {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) return;
    if (retryCount >= 3) return;
    setTimeout(() => void revalidate({ retryCount }), 500 * 2 ** retryCount);
  },
};

/** Same origin, plain fetch: the browser sends the `__session` cookie; no code needed. */
export function SameOriginFetch({ callAll }: PatternProps): ReactNode {
  const r = useRecorder();
  const { begin, record } = r;
  const call = useCallback(async () => {
    begin();
    try {
      record(await resultOf(await fetch('/api/me')));
    } catch (error) {
      record(failureOf(error));
    }
  }, [begin, record]);
  return (
    <PatternCard id="same-fetch" title="fetch" origin="same-origin" callAll={callAll} onCall={() => void call()} view={r}
      code={`const res = await fetch('/api/me');   // cookie: __session`} />
  );
}

/** Same origin, SWR: the fetcher throws on non-2xx so SWR reports an error. */
export function SameOriginSwr({ callAll }: PatternProps): ReactNode {
  const r = useRecorder();
  const [n, setN] = useState(0);
  useSWR(n > 0 ? ['/api/me', n] : null, async ([url]: [string, number]) => okResultOf(await fetch(url)), {
    ...swrOptions,
    onSuccess: r.record,
    onError: (error: unknown) => r.record(failureOf(error)),
  });
  const { begin } = r;
  const call = useCallback(() => {
    begin();
    setN((v) => v + 1);
  }, [begin]);
  return (
    <PatternCard id="same-swr" title="SWR" origin="same-origin" callAll={callAll} onCall={call} view={r}
      code={`useSWR('/api/me', async (url) => {\n  const res = await fetch(url);\n  if (!res.ok) throw new HttpError(res);\n  return res.json();\n});`} />
  );
}

/** Same origin, TanStack Query: one retry on 401 (the cookie may be mid-refresh), none on 403. */
export function SameOriginQuery({ callAll }: PatternProps): ReactNode {
  const r = useRecorder();
  const [n, setN] = useState(0);
  const attempts = useRef(0);
  const query = useQuery<CallResult, Error>({
    queryKey: ['same-origin', 'me', n],
    queryFn: async () => {
      attempts.current += 1;
      return okResultOf(await fetch('/api/me'));
    },
    enabled: n > 0,
    retry: (count, error) =>
      error instanceof HttpError ? (error.status === 401 ? count < 1 : error.status === 403 ? false : count < 3) : count < 3,
    retryDelay: 500,
  });
  useRecordQuery(query, r.record);
  const { begin } = r;
  const call = useCallback(() => {
    attempts.current = 0;
    begin();
    setN((v) => v + 1);
  }, [begin]);
  return (
    <PatternCard id="same-query" title="TanStack Query" origin="same-origin" callAll={callAll} onCall={call} view={r}
      note={<Attempts id="same-query" count={attempts.current} />}
      code={`useQuery({\n  queryKey: ['me'],\n  queryFn: async () => {\n    const res = await fetch('/api/me');\n    if (!res.ok) throw new HttpError(res);\n    return res.json();\n  },\n  retry: (n, e) => e.status === 401 ? n < 1 : e.status !== 403 && n < 3,\n});`} />
  );
}

/** Cross origin, fetch with `useAuth().getToken()` as Bearer (no header when signed out). */
export function CrossOriginFetch({ api, callAll }: PatternProps): ReactNode {
  const r = useRecorder();
  const { getToken } = useAuth();
  const { begin, record } = r;
  const call = useCallback(async () => {
    begin();
    try {
      const token = await getToken();
      record(await resultOf(await fetch(`${api}/api/me`, token ? { headers: { Authorization: `Bearer ${token}` } } : {})));
    } catch (error) {
      record(failureOf(error));
    }
  }, [api, begin, getToken, record]);
  return (
    <PatternCard id="cross-fetch" title="fetch + getToken()" origin="cross-origin" callAll={callAll} onCall={() => void call()} view={r}
      code={`const token = await getToken();   // useAuth()\nconst res = await fetch(API + '/api/me', {\n  headers: { Authorization: \`Bearer \${token}\` },\n});`} />
  );
}

/** Cross origin, SWR with a fetcher that asks `getToken()` for every request. */
export function CrossOriginSwr({ api, callAll }: PatternProps): ReactNode {
  const r = useRecorder();
  const { getToken } = useAuth();
  const [n, setN] = useState(0);
  useSWR(
    n > 0 ? [`${api}/api/me`, n] : null,
    async ([url]: [string, number]) => {
      const token = await getToken();
      return okResultOf(await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {}));
    },
    { ...swrOptions, onSuccess: r.record, onError: (error: unknown) => r.record(failureOf(error)) },
  );
  const { begin } = r;
  const call = useCallback(() => {
    begin();
    setN((v) => v + 1);
  }, [begin]);
  return (
    <PatternCard id="cross-swr" title="SWR + getToken()" origin="cross-origin" callAll={callAll} onCall={call} view={r}
      code={`useSWR(API + '/api/me', async (url) => {\n  const token = await getToken();\n  const res = await fetch(url, { headers: { Authorization: \`Bearer \${token}\` } });\n  if (!res.ok) throw new HttpError(res);\n  return res.json();\n});`} />
  );
}

/** Cross origin, TanStack Query with `latchkey.fetch` (Bearer, one retry on an expired token). */
export function CrossOriginQuery({ api, callAll }: PatternProps): ReactNode {
  const r = useRecorder();
  const latchkey = useLatchkey();
  const [n, setN] = useState(0);
  const attempts = useRef(0);
  const query = useQuery<CallResult, Error>({
    queryKey: ['cross-origin', 'me', n],
    queryFn: async () => {
      attempts.current += 1;
      return okResultOf(await latchkey.fetch(`${api}/api/me`));
    },
    enabled: n > 0,
    // latchkey.fetch already retried an expired token; other 401/403s are final.
    retry: (count, error) => (error instanceof HttpError && (error.status === 401 || error.status === 403) ? false : count < 3),
    retryDelay: 500,
  });
  useRecordQuery(query, r.record);
  const { begin } = r;
  const call = useCallback(() => {
    attempts.current = 0;
    begin();
    setN((v) => v + 1);
  }, [begin]);
  return (
    <PatternCard id="cross-query" title="TanStack Query + latchkey.fetch" origin="cross-origin" callAll={callAll} onCall={call} view={r}
      note={<Attempts id="cross-query" count={attempts.current} />}
      code={`const latchkey = useLatchkey();\nuseQuery({\n  queryKey: ['api', 'me'],\n  queryFn: async () => {\n    const res = await latchkey.fetch(API + '/api/me');\n    if (!res.ok) throw new HttpError(res);\n    return res.json();\n  },\n  retry: (n, e) => e.status !== 401 && e.status !== 403 && n < 3,\n});`} />
  );
}

interface QueryView {
  readonly status: 'pending' | 'error' | 'success';
  readonly data: CallResult | undefined;
  readonly error: Error | null;
  readonly dataUpdatedAt: number;
  readonly errorUpdatedAt: number;
}

/** Records each settled fetch of a query (a new key per button press). */
function useRecordQuery(query: QueryView, record: (result: CallResult) => void): void {
  const { status, data, error, dataUpdatedAt, errorUpdatedAt } = query;
  useEffect(() => {
    if (status === 'success' && data) record(data);
  }, [status, data, dataUpdatedAt, record]);
  useEffect(() => {
    if (status === 'error') record(failureOf(error));
  }, [status, error, errorUpdatedAt, record]);
}

/** How many requests the last press took (1 + TanStack Query's retries). */
function Attempts({ id, count }: { id: string; count: number }): ReactNode {
  return (
    <span className="attempts" data-testid={`attempts-${id}`} data-attempts={count}>
      {count === 1 ? '1 request' : `${count} requests`}
    </span>
  );
}
