import type { SessionClaims } from './jwt.js';

/** What {@link AuthState.has} can check. */
export interface HasParams {
  /** An organization role, with or without the `org:` prefix (`admin` = `org:admin`). */
  role?: string;
  /** An organization permission, e.g. `org:invoices:read`. */
  permission?: string;
}

/** The signed-in identity as the session token states it (protocol §3.5). */
export interface AuthState {
  /** `sub` of the session token, or null when signed out. */
  readonly userId: string | null;
  /** `sid` of the session token, or null when signed out. */
  readonly sessionId: string | null;
  /** Active organization id, or null for the personal account. */
  readonly orgId: string | null;
  /** Active organization role with the `org:` prefix, e.g. `org:admin`. */
  readonly orgRole: string | null;
  /** Active organization slug. */
  readonly orgSlug: string | null;
  /** Active organization permissions, e.g. `org:invoices:read`. */
  readonly orgPermissions: readonly string[];
  /**
   * True when the active organization grants the role and the permission asked for (both
   * when both are given). False when signed out or in the personal account.
   */
  has(params: HasParams): boolean;
}

const withPrefix = (value: string): string => (value.startsWith('org:') ? value : `org:${value}`);
const list = (value: unknown): string[] =>
  typeof value === 'string' && value !== '' ? value.split(',') : [];

interface OrgFacts {
  id: string | null;
  slug: string | null;
  role: string | null;
  permissions: string[];
}

/** Expands v2 `o.fpm` bitmasks over the org-scoped features of `fea` (protocol §3.4). */
function v2Permissions(o: Record<string, unknown>, fea: unknown): string[] {
  const permissions = list(o['per']);
  const features = list(fea)
    .map((f) => f.split(':'))
    .filter(([scope]) => scope === 'o' || scope === 'uo' || scope === 'ou')
    .map(([, name]) => name ?? '');
  const masks = list(o['fpm']);
  const result: string[] = [];
  features.forEach((feature, i) => {
    const mask = masks[i];
    if (mask === undefined || !/^\d+$/.test(mask)) return;
    const bits = BigInt(mask);
    permissions.forEach((permission, bit) => {
      if ((bits >> BigInt(bit)) & 1n) result.push(`org:${feature}:${permission}`);
    });
  });
  return result;
}

function orgFacts(claims: SessionClaims): OrgFacts {
  const o = claims['o'];
  if (claims['v'] === 2) {
    if (typeof o !== 'object' || o === null) return { id: null, slug: null, role: null, permissions: [] };
    const org = o as Record<string, unknown>;
    const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    const role = str(org['rol']);
    return {
      id: str(org['id']),
      slug: str(org['slg']),
      role: role === null ? null : withPrefix(role),
      permissions: v2Permissions(org, claims['fea']),
    };
  }
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const perms = claims['org_permissions'];
  return {
    id: str(claims['org_id']),
    slug: str(claims['org_slug']),
    role: str(claims['org_role']),
    permissions: Array.isArray(perms) ? perms.filter((p): p is string => typeof p === 'string') : [],
  };
}

/**
 * Builds the auth state from session-token claims, or the signed-out state from `null`.
 * @param claims - decoded claims of the active session's token
 */
export function authFromClaims(claims: SessionClaims | null): AuthState {
  const org: OrgFacts = claims ? orgFacts(claims) : { id: null, slug: null, role: null, permissions: [] };
  const userId = typeof claims?.sub === 'string' ? claims.sub : null;
  const sessionId = typeof claims?.sid === 'string' ? claims.sid : null;
  return {
    userId,
    sessionId,
    orgId: org.id,
    orgRole: org.role,
    orgSlug: org.slug,
    orgPermissions: org.permissions,
    has({ role, permission }: HasParams): boolean {
      if (userId === null || org.id === null || (role === undefined && permission === undefined)) return false;
      if (role !== undefined && org.role !== withPrefix(role)) return false;
      if (permission !== undefined && !org.permissions.includes(withPrefix(permission))) return false;
      return true;
    },
  };
}
