import { startSandbox, type Sandbox } from '../index';
import { tinyPost } from '../testing/http';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('per-account rate limits (sliding window, batch sub-limit, concurrency cap)', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({
      windowMs: 1000,
      accounts: [
        { token: 'rl-a', planLimit: 5, products: 3 },
        { token: 'rl-b', planLimit: 5, products: 3 },
        { token: 'rl-batch', planLimit: 20, batchLimit: 2, products: 1 },
        { token: 'rl-conc', planLimit: 12, products: 1 },
      ],
    });
  });
  afterAll(() => sb.close());

  it('answers code 6 over the plan limit, per account, and frees the window after windowMs', async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < 7; i++) codes.push((await tinyPost(sb.apiUrl, 'info', { token: 'rl-a' })).json.retorno.codigo_erro);
    expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, 6, 6]);
    const blocked = await tinyPost(sb.apiUrl, 'info', { token: 'rl-a' });
    expect(blocked.status).toBe(200);
    expect(blocked.headers.get('x-limit-api')).toBe('5');
    expect(blocked.json.retorno).toEqual({
      status_processamento: 1,
      status: 'Erro',
      codigo_erro: 6,
      erros: [{ erro: 'API Bloqueada - Excedido o número de acessos a API' }],
    });
    // another account is not affected
    expect((await tinyPost(sb.apiUrl, 'info', { token: 'rl-b' })).json.retorno.status).toBe('OK');
    // refused calls are counted but did not consume the window: it frees once the 5 accepted calls age out
    expect(sb.getCalls('rl-a').byResult).toEqual({ OK: 5, '6': 3 });
    await sleep(1100);
    expect((await tinyPost(sb.apiUrl, 'info', { token: 'rl-a' })).json.retorno.status).toBe('OK');
  });

  it('slides: calls leave the window one by one', async () => {
    const token = 'rl-b';
    await sleep(1100);
    await tinyPost(sb.apiUrl, 'info', { token });
    await tinyPost(sb.apiUrl, 'info', { token });
    await sleep(600);
    for (let i = 0; i < 3; i++) expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.status).toBe('OK');
    expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.codigo_erro).toBe(6);
    await sleep(500); // the first two calls left the window, the last three not yet
    expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.status).toBe('OK');
    expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.status).toBe('OK');
    expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.codigo_erro).toBe(6);
  });

  it('batch services (contato.incluir/alterar) have their own sub-limit', async () => {
    const token = 'rl-batch';
    const contato = (n: number): unknown => ({ contatos: [{ contato: { sequencia: '1', nome: `Batch ${n}`, situacao: 'A' } }] });
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      codes.push((await tinyPost(sb.apiUrl, 'contato.incluir.php', { token, contato: contato(i) })).json.retorno.codigo_erro);
    }
    expect(codes).toEqual([undefined, undefined, 6]);
    // ordinary calls still pass
    expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.status).toBe('OK');
  });

  it('answers code 11 beyond limit/4 requests in flight', async () => {
    const token = 'rl-conc'; // 12/window → 3 in flight
    sb.addFault(token, { kind: 'latency', ms: 300 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => tinyPost(sb.apiUrl, 'info', { token }).then((r) => r.json.retorno.codigo_erro ?? 'OK')),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(3);
    expect(results.filter((r) => r === 11)).toHaveLength(3);
    sb.clearFaults(token);
    expect(sb.getCalls(token).byService.info.byResult).toEqual({ OK: 3, '11': 3 });
  });
});
