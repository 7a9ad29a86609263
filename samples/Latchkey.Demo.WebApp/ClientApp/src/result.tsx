import { useCallback, useState, type ReactNode } from 'react';
import { isLatchkeyError, readAuthReason } from '@latchkey/js';

/** What one call ended with, as the page shows it and the browser tests read it. */
export interface CallResult {
  /** HTTP status; 0 when no answer came (network failure, or no token could be had). */
  readonly status: number;
  /** The reason code: `WWW-Authenticate` error_description, else `x-clerk-auth-reason`; or the SDK's error code. */
  readonly reason: string;
  /** The response body as text (JSON `{userId, sessionId, carrier}` on success). */
  readonly body: string;
}

/** A non-2xx answer, thrown by fetchers so SWR and TanStack Query treat it as an error. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly body: string,
  ) {
    super(`HTTP ${status}${reason ? ` (${reason})` : ''}`);
  }
}

/** Reads a response into a {@link CallResult}. */
export async function resultOf(res: Response): Promise<CallResult> {
  return { status: res.status, reason: res.ok ? '' : (readAuthReason(res) ?? ''), body: await res.text() };
}

/** Like {@link resultOf}, but throws {@link HttpError} for a non-2xx answer (for SWR / TanStack Query). */
export async function okResultOf(res: Response): Promise<CallResult> {
  const result = await resultOf(res);
  if (!res.ok) throw new HttpError(result.status, result.reason, result.body);
  return result;
}

/** Turns whatever a call threw into a {@link CallResult}. */
export function failureOf(error: unknown): CallResult {
  if (error instanceof HttpError) return { status: error.status, reason: error.reason, body: error.body };
  if (isLatchkeyError(error)) return { status: 0, reason: error.code, body: error.message };
  return { status: 0, reason: 'network', body: error instanceof Error ? error.message : String(error) };
}

/** The status of a result element. */
export type CallState = 'idle' | 'loading' | 'done';

/** Keeps the last result of a button and counts completed calls (`data-seq`, for the tests). */
export function useRecorder() {
  const [view, setView] = useState<{ state: CallState; seq: number; result: CallResult | null }>({ state: 'idle', seq: 0, result: null });
  const begin = useCallback(() => setView((v) => ({ ...v, state: 'loading' })), []);
  const record = useCallback((result: CallResult) => setView((v) => ({ state: 'done', seq: v.seq + 1, result })), []);
  return { ...view, begin, record };
}

/** One result, machine-readable in `data-*` attributes and readable on screen. */
export function ResultView(props: { id: string; state: CallState; seq: number; result: CallResult | null; note?: ReactNode }): ReactNode {
  const { id, state, seq, result } = props;
  const ok = result !== null && result.status >= 200 && result.status < 300;
  let body = result?.body ?? '';
  try {
    body = body ? JSON.stringify(JSON.parse(body), null, 2) : '';
  } catch {
    // not JSON: show as is
  }
  return (
    <output
      data-testid={`result-${id}`}
      data-state={state}
      data-seq={seq}
      data-status={result?.status ?? ''}
      data-reason={result?.reason ?? ''}
      data-body={result?.body ?? ''}
      className={`result ${result === null ? '' : ok ? 'ok' : 'fail'}`}
    >
      {state === 'loading' && <span className="muted">calling…</span>}
      {state !== 'loading' && result === null && <span className="muted">not called yet</span>}
      {state !== 'loading' && result !== null && (
        <>
          <span className="status">{result.status === 0 ? 'no answer' : `HTTP ${result.status}`}</span>
          {result.reason && <span className="reason">{result.reason}</span>}
          {props.note}
          {body && <pre>{body}</pre>}
        </>
      )}
    </output>
  );
}
