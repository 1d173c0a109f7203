import { DEMO_ACCOUNT, startSandbox } from './index';

// `npm run sandbox`: the sandbox on SANDBOX_PORT (default 3100) with the demo account.
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 3100);
  const products = Number(process.env.SANDBOX_PRODUCTS ?? 50);
  const sandbox = await startSandbox({
    port,
    host: process.env.SANDBOX_HOST ?? '0.0.0.0',
    webhookTimeScale: Number(process.env.SANDBOX_WEBHOOK_TIME_SCALE ?? 1),
    accounts: [{ ...DEMO_ACCOUNT, products }],
  });
  console.log(`Tiny sandbox listening on ${sandbox.url} (API ${sandbox.apiUrl}, control ${sandbox.url}/control)`);
  console.log(`Demo account token ${DEMO_ACCOUNT.token}, idEcommerce ${DEMO_ACCOUNT.idEcommerce}`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
