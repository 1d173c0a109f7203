import { decode, maskSecret } from './receive-webhook.controller';
import { deliveryKey, entityKey } from './delivery';
import { TokenBuckets } from './token-bucket';

describe('webhook HTTP decoding', () => {
  it('reads JSON, the form variant, and treats an empty body or {} as Tiny checking the URL', () => {
    expect(decode(Buffer.from('{"tipo":"estoque"}'), 'application/json')).toEqual({ type: 'fields', value: { tipo: 'estoque' } });
    expect(decode(Buffer.from('tipo=estoque&dados=%7B%22saldo%22%3A%221%22%7D'), 'application/x-www-form-urlencoded')).toEqual({
      type: 'fields',
      value: { tipo: 'estoque', dados: '{"saldo":"1"}' },
    });
    expect(decode(undefined, undefined)).toEqual({ type: 'empty' });
    expect(decode(Buffer.from('  '), 'application/json')).toEqual({ type: 'empty' });
    expect(decode(Buffer.from('{}'), 'application/json')).toEqual({ type: 'empty' });
    expect(decode(Buffer.from('{oops'), 'application/json').type).toBe('unreadable');
    expect(decode(Buffer.from('[1]'), undefined).type).toBe('unreadable');
  });

  it('takes a whole envelope sent as JSON inside a form field', () => {
    const inner = JSON.stringify({ tipo: 'estoque', dados: { saldo: '1' } });
    expect(decode(Buffer.from(`dados=${encodeURIComponent(inner)}`), 'application/x-www-form-urlencoded')).toEqual({
      type: 'fields',
      value: { tipo: 'estoque', dados: { saldo: '1' } },
    });
  });

  it('masks the secret segment of the URL', () => {
    expect(maskSecret('/tiny/webhooks/abc/s3cr3t/estoque?x=1')).toBe('/tiny/webhooks/abc/***/estoque?x=1');
  });
});

describe('delivery identity and rate', () => {
  it('gives the same key to the same notification and a different one to any change', () => {
    const a = deliveryKey('estoque', { idProduto: '1', saldo: '2.00' });
    expect(deliveryKey('estoque', { idProduto: '1', saldo: '2.00' })).toBe(a);
    expect(deliveryKey('estoque', { idProduto: '1', saldo: '3.00' })).not.toBe(a);
    expect(deliveryKey('precos', { idProduto: '1', saldo: '2.00' })).not.toBe(a);
    expect(entityKey('estoque', { idProduto: '1', saldo: '2', tipoEstoque: 'D' })).toBe('estoque:1:D');
  });

  it('lets a burst through, then refills at the rate, per key', () => {
    const b = new TokenBuckets(2, 3);
    expect([b.take('a', 0), b.take('a', 0), b.take('a', 0), b.take('a', 0)]).toEqual([true, true, true, false]);
    expect(b.take('b', 0)).toBe(true);
    expect(b.take('a', 500)).toBe(true);
    expect(b.take('a', 500)).toBe(false);
  });
});
