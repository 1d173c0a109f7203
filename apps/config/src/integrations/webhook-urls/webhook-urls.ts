import { CONFIG_WEBHOOK_KINDS } from '@app/contracts';

/** `${PUBLIC_GATEWAY_URL}/tiny/webhooks/<integrationId>/<secret>/<kind>`, one per notification kind. */
export function buildWebhookUrls(publicGatewayUrl: string, integrationId: string, secret: string) {
  const base = publicGatewayUrl.replace(/\/+$/, '');
  return CONFIG_WEBHOOK_KINDS.map((kind) => ({ kind, url: `${base}/tiny/webhooks/${integrationId}/${encodeURIComponent(secret)}/${kind}` }));
}
