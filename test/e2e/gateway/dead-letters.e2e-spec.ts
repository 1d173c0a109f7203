import { IntegrationChangedV1 } from '@app/contracts';
import { mintDevToken } from '@app/security';
import { waitFor } from '@app/testing';
import { integrationChanged, JWT_SECRET, publishEvent, startGateway, type GatewayUnderTest } from './harness';

const TENANT = 'tenant-dl';

describe('webhook-gateway: dead letters', () => {
  let gw: GatewayUnderTest;
  let admin: string;
  let seller: string;
  let otherAdmin: string;

  beforeAll(async () => {
    gw = await startGateway();
    admin = await mintDevToken({ tenant: TENANT, user: 'admin-1', profile: 'admin', secret: JWT_SECRET });
    seller = await mintDevToken({ tenant: TENANT, user: 'seller-1', profile: 'vendedor', secret: JWT_SECRET });
    otherAdmin = await mintDevToken({ tenant: 'tenant-other', user: 'admin-b', profile: 'admin', secret: JWT_SECRET });
  });
  afterAll(async () => gw?.stop());

  async function api(method: 'GET' | 'POST', path: string, token: string | null = admin) {
    const res = await fetch(gw.url + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  type Item = { id: string; messageId: string; type: string; error: string; attempts: number; replayedAt: string | null };

  it('stores an integration change the replica refuses, lists it to the tenant admin and replays it once', async () => {
    const event = integrationChanged(gw.key, { tenantId: TENANT });
    event.data.tenantId = 'tenant-other'; // the body names another tenant than the envelope: refused at once
    await publishEvent(gw.vhost.url, event);

    const mine = async () => ((await api('GET', '/ops/dead-letters')).body.items as Item[]).filter((d) => d.messageId === event.id);
    await waitFor(async () => (await mine()).length === 1, { timeoutMs: 10_000, what: 'the dead letter listed' });
    const [dead] = await mine();
    expect(dead).toMatchObject({ type: IntegrationChangedV1.type, attempts: 1, replayedAt: null });
    expect(dead.error).toContain('tenantId');
    // Never applied.
    const rows = await gw.sql.query('SELECT 1 FROM gateway.integrations WHERE integration_id = $1', [event.data.integrationId]);
    expect(rows.rows).toHaveLength(0);

    // Tenant-scoped, admin-only, behind the bearer token.
    expect((await api('GET', '/ops/dead-letters', otherAdmin)).body.items).toEqual([]);
    expect((await api('POST', `/ops/dead-letters/${dead.id}/replay`, otherAdmin)).status).toBe(404);
    expect((await api('GET', '/ops/dead-letters', seller)).status).toBe(403);
    expect((await api('POST', `/ops/dead-letters/${dead.id}/replay`, seller)).status).toBe(403);
    expect((await api('GET', '/ops/dead-letters', null)).status).toBe(401);
    expect((await api('POST', '/ops/dead-letters/999999/replay')).body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Mensagem não encontrada' });
    expect((await api('POST', '/ops/dead-letters/not-a-number/replay')).status).toBe(404);

    const replay = await api('POST', `/ops/dead-letters/${dead.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ replayed: true });
    // The replayed copy reached the gateway's queue again and, still refused, is a new dead letter.
    await waitFor(async () => (await mine()).length === 2, { timeoutMs: 10_000, what: 'the replayed copy dead-lettered again' });
    const [copy, original] = await mine(); // newest first
    expect(original).toMatchObject({ id: dead.id, replayedAt: expect.any(String) });
    expect(copy.replayedAt).toBeNull();

    // Once only.
    expect(await api('POST', `/ops/dead-letters/${dead.id}/replay`)).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'Mensagem já reenviada' },
    });
  });

  it('pages only the tenant’s own dead letters with limit and offset', async () => {
    const refused = (tenantId: string) => {
      const e = integrationChanged(gw.key, { tenantId });
      e.data.tenantId = 'someone-else';
      return e;
    };
    const events = [refused(TENANT), refused(TENANT), refused('tenant-other'), refused(TENANT)];
    for (const e of events) await publishEvent(gw.vhost.url, e);
    const listed = async (query: string, token = admin) => ((await api('GET', `/ops/dead-letters${query}`, token)).body.items as Item[]).map((d) => d.messageId);
    await waitFor(async () => (await listed('', otherAdmin)).includes(events[2].id), { timeoutMs: 10_000, what: 'the other tenant’s dead letter' });
    await waitFor(
      async () => {
        const ids = await listed('');
        return [0, 1, 3].every((i) => ids.includes(events[i].id));
      },
      { timeoutMs: 10_000, what: 'the tenant’s dead letters' },
    );
    const all = await listed('');
    expect(all).not.toContain(events[2].id);
    expect(all.length).toBeGreaterThanOrEqual(5); // two from the test above, three here
    expect(await listed('?limit=1')).toEqual(all.slice(0, 1));
    expect(await listed('?limit=2&offset=1')).toEqual(all.slice(1, 3));
    expect(await listed('?limit=abc&offset=-4')).toEqual(all.slice(0, 50));
  });
});
