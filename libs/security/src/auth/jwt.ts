import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { Actor } from './actor';

export interface AuthOptions {
  /** HS256 shared secret (JWT_SECRET). */
  secret?: string;
  /** JWKS URL of the identity provider (RS256/ES256 …); used when set, instead of `secret`. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** Token claims: `sub` = user id, `tenant` = tenant id, `profile` = profile name. */
export interface ActorClaims extends JWTPayload {
  tenant?: unknown;
  profile?: unknown;
}

export type TokenVerifier = (token: string) => Promise<Actor>;

export function createTokenVerifier(options: AuthOptions): TokenVerifier {
  if (!options.secret && !options.jwksUrl) throw new Error('AuthModule needs a JWT secret or a JWKS URL');
  const verifyOpts = { issuer: options.issuer, audience: options.audience };
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  const key = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  return async (token) => {
    let payload: ActorClaims;
    try {
      payload = jwks
        ? (await jwtVerify<ActorClaims>(token, jwks, verifyOpts)).payload
        : (await jwtVerify<ActorClaims>(token, key as Uint8Array, { ...verifyOpts, algorithms: ['HS256'] })).payload;
    } catch (e) {
      throw new InvalidTokenError(e instanceof Error ? e.message : 'invalid token');
    }
    const { sub, tenant, profile } = payload;
    if (typeof sub !== 'string' || !sub || typeof tenant !== 'string' || !tenant || typeof profile !== 'string' || !profile) {
      throw new InvalidTokenError('token lacks sub, tenant or profile');
    }
    return { tenantId: tenant, userId: sub, profile };
  };
}

export interface DevTokenInput {
  tenant: string;
  user?: string;
  profile: string;
  /** HS256 secret the service verifies with (JWT_SECRET). */
  secret: string;
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
}

/** Mints an HS256 bearer token for local development and tests. */
export async function mintDevToken(input: DevTokenInput): Promise<string> {
  let jwt = new SignJWT({ tenant: input.tenant, profile: input.profile })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(input.user ?? `dev-${input.profile}`)
    .setIssuedAt()
    .setExpirationTime(`${input.expiresInSeconds ?? 8 * 3600}s`);
  if (input.issuer) jwt = jwt.setIssuer(input.issuer);
  if (input.audience) jwt = jwt.setAudience(input.audience);
  return jwt.sign(new TextEncoder().encode(input.secret));
}
