/** What a caller may do: a buyer buys, cancels and reads their own tickets; an admin reads everything. */
export type Role = 'buyer' | 'admin';

const ROLES: readonly Role[] = ['buyer', 'admin'];

/** A verified caller: the token's subject and its roles. */
export interface Identity {
  readonly subject: string;
  readonly roles: readonly Role[];
}

export const isRole = (value: string): value is Role =>
  (ROLES as readonly string[]).includes(value);

/** Why a token was refused; stable, for logs and tests. */
export type TokenProblem =
  | 'missing'
  | 'malformed'
  | 'bad signature'
  | 'expired'
  | 'not yet valid'
  | 'wrong issuer'
  | 'wrong audience'
  | 'no subject'
  | 'no roles'
  | 'reserved subject'
  | 'wrong caller'
  | 'wrong request'
  | 'keys unavailable';

export class TokenRefused extends Error {
  override readonly name = 'TokenRefused';
  readonly problem: TokenProblem;
  constructor(problem: TokenProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** Issuers, audiences and the subject of a service's own calls start with it; no user's subject may. */
export const SERVICE_PREFIX = 'sportskk:';
