import { useEffect, useState, type ReactNode } from 'react';
import { decodeJwt, isLatchkeyError, type SessionClaims } from '@latchkey/js';
import { useAuth } from '@latchkey/react';

/**
 * The current session token: its claims and the seconds left, live. It asks `getToken()` twice
 * a second; that is a cache hit until the SDK refreshes the token in the background.
 */
export function TokenPanel(): ReactNode {
  const { getToken, sessionId } = useAuth();
  const [claims, setClaims] = useState<SessionClaims | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!sessionId) {
      setClaims(null);
      return;
    }
    let stopped = false;
    const read = async (): Promise<void> => {
      try {
        const jwt = await getToken();
        if (stopped) return;
        setClaims(jwt ? (decodeJwt(jwt)?.claims ?? null) : null);
        setError(null);
      } catch (e) {
        if (!stopped) setError(isLatchkeyError(e) ? e.code : 'unexpected');
      }
      if (!stopped) setNow(Date.now());
    };
    void read();
    const timer = setInterval(() => void read(), 500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [getToken, sessionId]);

  if (!claims) return null;
  // Measured when getToken() last answered: what a request sent then would have carried.
  const expiresInMs = claims.exp * 1000 - now;
  const expiresIn = Math.max(0, Math.ceil(expiresInMs / 1000));
  return (
    <section className="panel" aria-labelledby="token-title">
      <h2 id="token-title">The current session token</h2>
      <p>
        Expires in{' '}
        <strong data-testid="token" data-expires-in-ms={expiresInMs} data-iat={claims.iat} data-exp={claims.exp}>
          {expiresIn} s
        </strong>{' '}
        (lifetime {claims.exp - claims.iat} s). The SDK refreshes it in the background before it expires and keeps the
        {' '}<code>__session</code> cookie up to date.
      </p>
      {error && <p className="fail">getToken() failed: {error}</p>}
      <pre className="code" data-testid="token-claims">{JSON.stringify(claims, null, 2)}</pre>
    </section>
  );
}
