import { ErrorCodes, LatchkeyError } from './errors.js';
import type { FapiCall } from './fapi.js';

/** Result of a sign-in step. */
export type SignInResult =
  | {
      /** Signed in; the new session is active and its cookie written. */
      readonly status: 'complete';
      /** The new session's id. */
      readonly sessionId: string;
    }
  | {
      /** A code was emailed; call `verify(code)`. */
      readonly status: 'needs_email_code';
      /** The sign-in attempt id. */
      readonly signInId: string;
      /** Submits the emailed code. */
      verify(code: string): Promise<SignInResult>;
    }
  | {
      /** The server needs a step this SDK does not drive (e.g. a second factor). */
      readonly status: 'needs_first_factor' | 'needs_second_factor' | 'needs_identifier' | 'needs_new_password';
      /** The sign-in attempt id. */
      readonly signInId: string;
    };

/** Result of a sign-up step. */
export type SignUpResult =
  | {
      /** Signed up and signed in; the new session is active. */
      readonly status: 'complete';
      /** The new session's id. */
      readonly sessionId: string;
    }
  | {
      /** A verification code was emailed; call `verify(code)`. */
      readonly status: 'needs_email_code';
      /** The sign-up attempt id. */
      readonly signUpId: string;
      /** Submits the emailed code. */
      verify(code: string): Promise<SignUpResult>;
    }
  | {
      /** The server needs more fields. */
      readonly status: 'missing_requirements';
      /** The sign-up attempt id. */
      readonly signUpId: string;
      /** The fields still missing, snake_case as the server names them. */
      readonly missingFields: readonly string[];
    };

/** Sign-in with a password or an emailed code (`POST /v1/client/sign_ins`, protocol §9.3). */
export interface SignInApi {
  /**
   * Signs in with identifier and password and activates the new session.
   * @throws {@link LatchkeyError} `request-rejected` with the server's code
   * (e.g. `form_password_incorrect`) in `errors`.
   * @example
   * ```ts
   * const r = await latchkey.signIn.password({ identifier: 'ada@example.com', password });
   * if (r.status === 'complete') location.assign('/dashboard');
   * ```
   */
  password(params: { identifier: string; password: string }): Promise<SignInResult>;
  /** Starts an email-code sign-in: the server emails a code; finish with `verify(code)`. */
  emailCode(params: { identifier: string }): Promise<SignInResult>;
}

/** Sign-up with email and password, verified by an emailed code. */
export interface SignUpApi {
  /**
   * Creates the account and emails a verification code; finish with `verify(code)`.
   * @example
   * ```ts
   * const r = await latchkey.signUp.create({ emailAddress: 'ada@example.com', password });
   * if (r.status === 'needs_email_code') await r.verify(prompt('Code?') ?? '');
   * ```
   */
  create(params: {
    emailAddress: string;
    password: string;
    firstName?: string;
    lastName?: string;
    username?: string;
  }): Promise<SignUpResult>;
}

/** What the flows need from the instance. @internal */
export interface FlowHost {
  call(call: FapiCall): Promise<Record<string, unknown> | null>;
  activate(sessionId: string): Promise<void>;
}

type Json = Record<string, unknown>;
const resource = (payload: Json | null): Json => {
  const r = payload?.['response'];
  if (typeof r !== 'object' || r === null) {
    throw new LatchkeyError(ErrorCodes.InvalidResponse, 'The frontend API answer has no resource.');
  }
  return r as Json;
};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

async function finish(host: FlowHost, json: Json): Promise<{ status: 'complete'; sessionId: string } | null> {
  const sessionId = text(json['created_session_id']);
  if (json['status'] !== 'complete' || sessionId === '') return null;
  await host.activate(sessionId);
  return { status: 'complete', sessionId };
}

/** @internal */
export function signInApi(host: FlowHost): SignInApi {
  const base = '/client/sign_ins';
  const settle = async (json: Json): Promise<SignInResult> =>
    (await finish(host, json)) ?? {
      status: (text(json['status']) || 'needs_first_factor') as 'needs_first_factor',
      signInId: text(json['id']),
    };
  return {
    async password({ identifier, password }) {
      const json = resource(await host.call({ method: 'POST', path: base, body: { identifier, password, strategy: 'password' } }));
      return settle(json);
    },
    async emailCode({ identifier }) {
      const json = resource(await host.call({ method: 'POST', path: base, body: { identifier } }));
      const id = text(json['id']);
      const factors = Array.isArray(json['supported_first_factors']) ? (json['supported_first_factors'] as Json[]) : [];
      const factor = factors.find((f) => f?.['strategy'] === 'email_code');
      if (!factor) {
        throw new LatchkeyError(ErrorCodes.RequestRejected, 'Email-code sign-in is not available for this identifier.');
      }
      const path = `${base}/${encodeURIComponent(id)}`;
      await host.call({
        method: 'POST',
        path: `${path}/prepare_first_factor`,
        body: { strategy: 'email_code', email_address_id: factor['email_address_id'] },
      });
      return {
        status: 'needs_email_code',
        signInId: id,
        verify: async (code: string) =>
          settle(resource(await host.call({ method: 'POST', path: `${path}/attempt_first_factor`, body: { strategy: 'email_code', code } }))),
      };
    },
  };
}

/** @internal */
export function signUpApi(host: FlowHost): SignUpApi {
  return {
    async create({ emailAddress, password, firstName, lastName, username }) {
      const json = resource(
        await host.call({
          method: 'POST',
          path: '/client/sign_ups',
          body: { email_address: emailAddress, password, first_name: firstName, last_name: lastName, username },
        }),
      );
      const done = await finish(host, json);
      if (done) return done;
      const id = text(json['id']);
      const unverified = Array.isArray(json['unverified_fields']) ? json['unverified_fields'] : [];
      const missing = Array.isArray(json['missing_fields']) ? (json['missing_fields'] as string[]) : [];
      if (!unverified.includes('email_address')) return { status: 'missing_requirements', signUpId: id, missingFields: missing };
      const path = `/client/sign_ups/${encodeURIComponent(id)}`;
      await host.call({ method: 'POST', path: `${path}/prepare_verification`, body: { strategy: 'email_code' } });
      const verify = async (code: string): Promise<SignUpResult> => {
        const after = resource(
          await host.call({ method: 'POST', path: `${path}/attempt_verification`, body: { strategy: 'email_code', code } }),
        );
        return (
          (await finish(host, after)) ?? {
            status: 'missing_requirements',
            signUpId: id,
            missingFields: Array.isArray(after['missing_fields']) ? (after['missing_fields'] as string[]) : [],
          }
        );
      };
      return { status: 'needs_email_code', signUpId: id, verify };
    },
  };
}
