import { useState, type ReactNode } from 'react';
import { SignedIn, SignedOut, useAuth, useLatchkey, useUser } from '@latchkey/react';
import { AuthPanel, hostedPage } from './AuthPanel';
import { TokenPanel } from './TokenPanel';
import type { DemoConfig } from './config';
import { CrossOriginFetch, CrossOriginQuery, CrossOriginSwr, SameOriginFetch, SameOriginQuery, SameOriginSwr } from './patterns';

/** Who is signed in, and the sign-out button. */
function WhoAmI(): ReactNode {
  const { isLoaded, isSignedIn, userId, sessionId, signOut } = useAuth();
  const { user } = useUser();
  const latchkey = useLatchkey();
  const [signingOut, setSigningOut] = useState(false);
  const state = !isLoaded ? 'loading' : isSignedIn ? 'true' : 'false';
  return (
    <div className="whoami" data-testid="whoami" data-signed-in={state} data-user-id={userId ?? ''} data-session-id={sessionId ?? ''}>
      {!isLoaded && <span className="muted">Loading…</span>}
      {isLoaded && !isSignedIn && <span>Signed out</span>}
      {isSignedIn && (
        <>
          <span>
            Signed in as <strong data-testid="whoami-email">{user?.primaryEmailAddress ?? userId}</strong>
          </span>
          <span className="ids">
            <code data-testid="whoami-user-id">{userId}</code> · <code data-testid="whoami-session-id">{sessionId}</code>
          </span>
          <a className="account" data-testid="hosted-account" href={hostedPage(latchkey.frontendApiUrl, 'account')}>
            Account
          </a>
          <button
            type="button"
            data-testid="sign-out"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              void signOut().finally(() => setSigningOut(false));
            }}
          >
            Sign out
          </button>
        </>
      )}
    </div>
  );
}

/** The demo page: identity, token, and every request pattern of docs/making-requests.md. */
export function App({ config }: { config: DemoConfig }): ReactNode {
  const [callAll, setCallAll] = useState(0);
  const props = { api: config.apiUrl, callAll };
  return (
    <>
      <header className="top">
        <h1>Latchkey demo</h1>
        <WhoAmI />
      </header>
      <main>
        <SignedOut>
          <AuthPanel />
        </SignedOut>
        <SignedIn>
          <TokenPanel />
        </SignedIn>
        <section className="panel" aria-labelledby="patterns-title">
          <div className="row spread">
            <h2 id="patterns-title">Authenticated requests</h2>
            <button type="button" data-testid="call-all" onClick={() => setCallAll((n) => n + 1)}>
              Call every pattern
            </button>
          </div>
          <p className="muted">
            Same origin: this web app's <code>/api/me</code>, which receives the <code>__session</code> cookie. Cross origin: the API at{' '}
            <code>{config.apiUrl}</code>, which accepts <code>Authorization: Bearer</code> only. Each answers{' '}
            <code>{'{ userId, sessionId, carrier }'}</code>, or 401 with the reason code.
          </p>
          <div className="grid">
            <SameOriginFetch {...props} />
            <SameOriginSwr {...props} />
            <SameOriginQuery {...props} />
            <CrossOriginFetch {...props} />
            <CrossOriginSwr {...props} />
            <CrossOriginQuery {...props} />
          </div>
          <details className="legend">
            <summary>What the reason codes mean</summary>
            <dl>
              <dt><code>session-token-and-uat-missing</code></dt>
              <dd>No session cookie and <code>__client_uat=0</code>: this browser is signed out.</dd>
              <dt><code>dev-browser-missing</code></dt>
              <dd>
                No token came, and a development instance's API looks for the dev-browser cookie first, which a cross-origin
                API never receives. A production instance says <code>session-token-and-uat-missing</code> here.
              </dd>
              <dt><code>session-token-expired-refresh-…</code>, <code>token-expired</code></dt>
              <dd>The token expired on the way: <code>latchkey.fetch</code> retries once with a new one; a page navigation goes through the handshake.</dd>
              <dt><code>token-invalid-authorized-parties</code></dt>
              <dd>The token was minted for a page of another origin than the API accepts (<code>AuthorizedParties</code>).</dd>
            </dl>
            <p>
              Every code: <code>docs/reason-codes.md</code>. What to do about each: <code>docs/making-requests.md</code>.
            </p>
          </details>
          <p>
            Without a bundler: <a href="/plain" data-testid="plain-link">the global <code>Latchkey</code> object on a plain page</a>.
          </p>
        </section>
      </main>
      <footer className="muted">
        Latchkey server: <a href={config.frontendApiUrl + '/.well-known/jwks.json'}>{config.frontendApiUrl}</a> ·{' '}
        <a href={config.frontendApiUrl + '/dev/mailbox'}>development mailbox</a>
      </footer>
    </>
  );
}
