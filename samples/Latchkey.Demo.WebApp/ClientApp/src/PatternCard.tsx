import { useEffect, useRef, type ReactNode } from 'react';
import { ResultView, type CallResult, type CallState } from './result';

/** One pattern of docs/making-requests.md: its code, a button, and the last result. */
export function PatternCard(props: {
  id: string;
  title: string;
  origin: 'same-origin' | 'cross-origin';
  code: string;
  onCall: () => void;
  /** Changes when the page's "Call every pattern" button is pressed. */
  callAll: number;
  view: { state: CallState; seq: number; result: CallResult | null };
  note?: ReactNode;
}): ReactNode {
  const { id, callAll, onCall } = props;
  const seen = useRef(callAll);
  useEffect(() => {
    if (callAll !== seen.current) {
      seen.current = callAll;
      onCall();
    }
  }, [callAll, onCall]);
  return (
    <article className="card" data-testid={`pattern-${id}`}>
      <header>
        <h3>{props.title}</h3>
        <span className={`badge ${props.origin}`}>{props.origin === 'same-origin' ? 'same origin · cookie' : 'cross origin · Bearer'}</span>
      </header>
      <pre className="code">{props.code}</pre>
      <button type="button" data-testid={`call-${id}`} onClick={onCall}>
        Call
      </button>
      <ResultView id={id} {...props.view} note={props.note} />
    </article>
  );
}
