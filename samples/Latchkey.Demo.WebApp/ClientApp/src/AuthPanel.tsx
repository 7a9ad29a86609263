import { useState, type FormEvent, type ReactNode } from 'react';
import { isLatchkeyError, type SignInResult, type SignUpResult } from '@latchkey/js';
import { useLatchkey } from '@latchkey/react';

type Pending = { readonly kind: 'sign-up' | 'sign-in'; verify(code: string): Promise<SignInResult | SignUpResult> };

/** Why an action failed, as a stable code: the server's (e.g. `form_password_incorrect`) or the SDK's. */
function errorCode(error: unknown): string {
  if (isLatchkeyError(error)) return error.errors[0]?.code ?? error.code;
  return 'unexpected';
}

/** A hosted page of the Latchkey server that returns to this page (docs/hosted-pages.md). */
export function hostedPage(frontendApiUrl: string, page: 'sign-in' | 'sign-up' | 'account'): string {
  return `${frontendApiUrl}/${page}?redirect_url=${encodeURIComponent(window.location.href)}`;
}

/** Sign up or sign in with the SDK's flows (email + password, email code). */
export function AuthPanel(): ReactNode {
  const latchkey = useLatchkey();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<SignInResult | SignUpResult>, kind: Pending['kind']): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (result.status === 'needs_email_code') setPending({ kind, verify: result.verify });
      else if (result.status === 'complete') setPending(null);
      else setError(result.status);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  }

  const submit = (event: FormEvent<HTMLFormElement>, action: string): void => {
    event.preventDefault();
    if (action === 'verify' && pending) void run(() => pending.verify(code.trim()), pending.kind);
    else if (action === 'sign-up') void run(() => latchkey.signUp.create({ emailAddress: email, password }), 'sign-up');
    else if (action === 'sign-in-code') void run(() => latchkey.signIn.emailCode({ identifier: email }), 'sign-in');
    else void run(() => latchkey.signIn.password({ identifier: email, password }), 'sign-in');
  };

  const step = busy ? 'busy' : pending ? 'code' : 'form';
  return (
    <section className="panel" aria-labelledby="auth-title">
      <h2 id="auth-title">Sign up or sign in</h2>
      <p className="muted">The form uses the SDK: <code>latchkey.signUp.create()</code>, <code>latchkey.signIn.password()</code>,
        {' '}<code>latchkey.signIn.emailCode()</code>. Codes go to the server's development mailbox.</p>
      <div data-testid="auth-status" data-step={step} data-error={error ?? ''}>
        {pending ? (
          <form onSubmit={(e) => submit(e, 'verify')}>
            <p>We emailed a code to <strong>{email}</strong> (see the <a href={`${latchkey.frontendApiUrl}/dev/mailbox`} target="_blank" rel="noreferrer">development mailbox</a>).</p>
            <label>Code <input data-testid="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} /></label>
            <button type="submit" data-testid="verify" disabled={busy}>Verify</button>
            <button type="button" className="link" onClick={() => setPending(null)}>Start over</button>
          </form>
        ) : (
          <form onSubmit={(e) => submit(e, ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? 'sign-in')}>
            <label>Email <input data-testid="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} /></label>
            <label>Password <input data-testid="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
            <div className="row">
              <button type="submit" value="sign-in" data-testid="sign-in" disabled={busy}>Sign in</button>
              <button type="submit" value="sign-up" data-testid="sign-up" disabled={busy}>Create account</button>
              <button type="submit" value="sign-in-code" data-testid="sign-in-code" disabled={busy}>Email me a code</button>
            </div>
          </form>
        )}
        {error && <p className="fail" data-testid="auth-error">{error}</p>}
      </div>
      <p className="muted">
        Or use the server's own pages, which come back here signed in:{' '}
        <a data-testid="hosted-sign-in" href={hostedPage(latchkey.frontendApiUrl, 'sign-in')}>sign in</a> ·{' '}
        <a data-testid="hosted-sign-up" href={hostedPage(latchkey.frontendApiUrl, 'sign-up')}>create an account</a>
      </p>
    </section>
  );
}
