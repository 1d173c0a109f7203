// `npm run dev:token -- --tenant T --profile admin [--user U] [--secret S] [--hours 8]`
// Mints a local bearer token for the config and ops APIs (HS256 with JWT_SECRET).
import { mintDevToken } from './auth/jwt';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const tenant = arg('tenant');
  const profile = arg('profile') ?? 'admin';
  const secret = arg('secret') ?? process.env.JWT_SECRET;
  if (!tenant || !secret) {
    console.error('usage: npm run dev:token -- --tenant <id> [--profile admin] [--user <id>] [--hours 8]  (JWT_SECRET or --secret)');
    process.exit(1);
  }
  const hours = Number(arg('hours') ?? '8');
  console.log(await mintDevToken({ tenant, profile, user: arg('user'), secret, expiresInSeconds: Math.round(hours * 3600) }));
}

void main();
