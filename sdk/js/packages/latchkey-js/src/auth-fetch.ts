import type { GetTokenOptions } from './resources.js';
import { isExpiredTokenReason, readAuthReason } from './reasons.js';

/**
 * `fetch` with `Authorization: Bearer <token>`; on a 401 whose reason (`WWW-Authenticate`
 * `error_description`, else `x-clerk-auth-reason`) says the token expired, mints a new one
 * and retries once. Other 401s and 403s, requests that carry their own `Authorization`, and
 * signed-out requests (no token) are sent once, untouched.
 */
export async function authorizedFetch(
  send: (request: Request) => Promise<Response>,
  getToken: (options?: GetTokenOptions) => Promise<string | null>,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  const request = new Request(input, init);
  if (request.headers.has('Authorization')) return send(request);
  const withToken = (token: string | null, base: Request): Promise<Response> => {
    const headers = new Headers(base.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return send(new Request(base, { headers }));
  };
  const token = await getToken();
  // Keep an unread copy of the body for the one retry.
  const response = await withToken(token, token ? request.clone() : request);
  if (!token || response.status !== 401 || !isExpiredTokenReason(readAuthReason(response))) return response;
  const fresh = await getToken({ skipCache: true });
  return fresh ? withToken(fresh, request) : response;
}
