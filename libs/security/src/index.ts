// Encryption of secrets at rest and bearer auth, shared by config and every ops API.
export * from './secret-box';
export * from './fingerprint';
export * from './auth/actor';
export * from './auth/jwt';
export * from './auth/auth.module';
