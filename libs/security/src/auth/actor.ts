/** Who calls an API: taken from the verified bearer token, never from the request body. */
export interface Actor {
  tenantId: string;
  userId: string;
  profile: string;
}

/** The store admin's profile: changes settings in config and handles every service's dead letters. */
export const ADMIN_PROFILE = 'admin';

/** Profile names compare case- and accent-insensitively ('Integração' == 'integracao'). */
export function normaliseProfile(profile: string): string {
  return profile
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
}
