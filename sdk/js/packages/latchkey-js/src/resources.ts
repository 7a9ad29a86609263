/**
 * The client, session and user resources built from the frontend API's JSON (snake_case on
 * the wire, camelCase here). Each update builds new objects, so a changed reference means
 * changed data (what `useSyncExternalStore` needs).
 */

/** Session statuses of the frontend API. */
export const SessionStatus = {
  /** Signed in. */
  Active: 'active',
  /** Signed in with unfinished session tasks. */
  Pending: 'pending',
  /** Signed out by the user. */
  Ended: 'ended',
  /** Reached its maximum lifetime. */
  Expired: 'expired',
  /** Removed from a multi-session client. */
  Removed: 'removed',
  /** Replaced by a newer session. */
  Replaced: 'replaced',
  /** Inactive for too long. */
  Abandoned: 'abandoned',
  /** Revoked by an administrator or the Backend API. */
  Revoked: 'revoked',
} as const;

/** One of the {@link SessionStatus} strings. */
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];

/** Options of `getToken()` (protocol §9.5). */
export interface GetTokenOptions {
  /** JWT template name; the session's own token when absent. */
  template?: string;
  /**
   * Organization to mint for: undefined = the session's active organization, `null` or `''`
   * = the personal account. Does not change the active organization.
   */
  organizationId?: string | null;
  /** Mint a new token even when the cached one is still fresh. Default false. */
  skipCache?: boolean;
}

/** An email address of a user. */
export interface EmailAddress {
  /** Id, e.g. `idn_…`. */
  readonly id: string;
  /** The address. */
  readonly emailAddress: string;
  /** Whether its verification is `verified`. */
  readonly verified: boolean;
}

/** An organization the user belongs to. */
export interface OrganizationMembership {
  /** Membership id. */
  readonly id: string;
  /** Role with the `org:` prefix, e.g. `org:admin`. */
  readonly role: string;
  /** Permissions, e.g. `org:invoices:read`. */
  readonly permissions: readonly string[];
  /** The organization. */
  readonly organization: { readonly id: string; readonly name: string; readonly slug: string | null };
}

/** A user, as the frontend API describes the signed-in user. */
export interface User {
  /** User id, `user_…`. */
  readonly id: string;
  /** First name, if set. */
  readonly firstName: string | null;
  /** Last name, if set. */
  readonly lastName: string | null;
  /** Username, if set. */
  readonly username: string | null;
  /** Id of the primary email address. */
  readonly primaryEmailAddressId: string | null;
  /** The primary email address itself. */
  readonly primaryEmailAddress: string | null;
  /** Every email address. */
  readonly emailAddresses: readonly EmailAddress[];
  /** Organization memberships (empty until organizations exist). */
  readonly organizationMemberships: readonly OrganizationMembership[];
  /** Profile image URL, if any. */
  readonly imageUrl: string | null;
  /** Public metadata. */
  readonly publicMetadata: Readonly<Record<string, unknown>>;
  /** Creation time, Unix milliseconds. */
  readonly createdAt: number | null;
}

/** Something that mints tokens for a session (the {@link Latchkey} instance). */
export interface TokenSource {
  /** Returns a fresh token for the session, or null when it is no longer signed in. */
  sessionToken(sessionId: string, options?: GetTokenOptions): Promise<string | null>;
}

/** One session of the client: a signed-in user in this browser. */
export class Session {
  /** Session id, `sess_…`. */
  readonly id: string;
  /** Status; `active` (or `pending`) means signed in. */
  readonly status: SessionStatus;
  /** The session's user. */
  readonly user: User | null;
  /** The active organization of the session, or null for the personal account. */
  readonly lastActiveOrganizationId: string | null;
  /** Last activity, Unix milliseconds. */
  readonly lastActiveAt: number | null;
  /** When the session ends at the latest, Unix milliseconds. */
  readonly expireAt: number | null;
  /** Impersonation actor claim, if any. */
  readonly actor: Readonly<Record<string, unknown>> | null;
  /** The session token the server last minted for it, if it said. */
  readonly lastActiveToken: string | null;

  /** @internal */
  constructor(json: Record<string, unknown>, private readonly source: TokenSource) {
    this.id = str(json['id']) ?? '';
    this.status = (str(json['status']) ?? SessionStatus.Ended) as SessionStatus;
    this.user = isObj(json['user']) ? parseUser(json['user']) : null;
    this.lastActiveOrganizationId = str(json['last_active_organization_id']);
    this.lastActiveAt = num(json['last_active_at']);
    this.expireAt = num(json['expire_at']);
    this.actor = isObj(json['actor']) ? json['actor'] : null;
    const token = json['last_active_token'];
    this.lastActiveToken = isObj(token) ? str(token['jwt']) : null;
  }

  /** True for `active` and `pending` sessions. */
  get isSignedIn(): boolean {
    return this.status === SessionStatus.Active || this.status === SessionStatus.Pending;
  }

  /**
   * A session token that is valid now: from the cache while fresh, else minted (shared
   * with concurrent callers and other tabs). Returns `null` only when this session is not
   * signed in; failures end in a {@link LatchkeyError} after retries, never in `null`.
   * @param options - template, organization, skipCache
   * @example
   * ```ts
   * const jwt = await latchkey.session?.getToken();
   * await fetch('https://api.example.com/me', { headers: { Authorization: `Bearer ${jwt}` } });
   * ```
   */
  getToken(options?: GetTokenOptions): Promise<string | null> {
    return this.source.sessionToken(this.id, options);
  }
}

/** The client: this browser, with its sessions. */
export interface Client {
  /** Client id, `client_…`. */
  readonly id: string;
  /** Every session the client knows, signed in or not. */
  readonly sessions: readonly Session[];
  /** Sessions that are `active` or `pending`. */
  readonly signedInSessions: readonly Session[];
  /** The session the browser used last. */
  readonly lastActiveSessionId: string | null;
  /** Last change, Unix milliseconds (the source of `__client_uat`). */
  readonly updatedAt: number | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObj) : []);

function parseUser(json: Record<string, unknown>): User {
  const emailAddresses = arr(json['email_addresses']).map((e) => ({
    id: str(e['id']) ?? '',
    emailAddress: str(e['email_address']) ?? '',
    verified: isObj(e['verification']) && e['verification']['status'] === 'verified',
  }));
  const primaryEmailAddressId = str(json['primary_email_address_id']);
  const memberships = arr(json['organization_memberships']).map((m) => {
    const org = isObj(m['organization']) ? m['organization'] : {};
    const role = str(m['role']) ?? '';
    return {
      id: str(m['id']) ?? '',
      role: role.startsWith('org:') || role === '' ? role : `org:${role}`,
      permissions: Array.isArray(m['permissions']) ? m['permissions'].filter((p): p is string => typeof p === 'string') : [],
      organization: { id: str(org['id']) ?? '', name: str(org['name']) ?? '', slug: str(org['slug']) },
    };
  });
  return {
    id: str(json['id']) ?? '',
    firstName: str(json['first_name']),
    lastName: str(json['last_name']),
    username: str(json['username']),
    primaryEmailAddressId,
    primaryEmailAddress: emailAddresses.find((e) => e.id === primaryEmailAddressId)?.emailAddress ?? null,
    emailAddresses,
    organizationMemberships: memberships,
    imageUrl: str(json['image_url']),
    publicMetadata: isObj(json['public_metadata']) ? json['public_metadata'] : {},
    createdAt: num(json['created_at']),
  };
}

/**
 * Builds a {@link Client} from `ClientJSON`, or null for `null`/non-objects.
 * @internal
 */
export function parseClient(json: unknown, source: TokenSource): Client | null {
  if (!isObj(json) || str(json['id']) === null) return null;
  const sessions = arr(json['sessions']).map((s) => new Session(s, source));
  return {
    id: str(json['id']) ?? '',
    sessions,
    signedInSessions: sessions.filter((s) => s.isSignedIn),
    lastActiveSessionId: str(json['last_active_session_id']),
    updatedAt: num(json['updated_at']),
  };
}
