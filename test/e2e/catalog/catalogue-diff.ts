import type { Client } from 'pg';
import type { Sandbox } from '../../tiny-sandbox/src/sandbox';
import type { ProductRules } from '../../../apps/catalog-sync/src/catalog/catalog.types';

export interface Expected {
  tinyId: string;
  sku: string;
  kind: string;
  parentTinyId: string | null;
  parentSku: string | null;
  name: string | null;
  description: string | null;
  brand: string | null;
  categoryPath: string[] | null;
  status: string;
  unit: string | null;
  gtin: string | null;
  ncm: string | null;
  netWeightKg: number | null;
  grossWeightKg: number | null;
  attributes: { name: string; value: string }[];
  kit: { tinyId: string; quantity: number }[];
  price: string;
  promotionalPrice: string | null;
  /** null for parents (no stock of their own). */
  quantity: number | null;
}

const blank = (s: string): string | null => (s ? s : null);
const weight = (n: number): number | null => (n ? Math.round(n * 1000) / 1000 : null);

/** What the catalogue should hold for every sandbox product under `rules` (no keep/ignore rules). */
export function expectedCatalogue(sandbox: Sandbox, token: string, rules: Pick<ProductRules, 'stockType' | 'deposits'>): Expected[] {
  const acc = sandbox.account(token);
  return acc.products.map((p) => {
    const parent = p.tipoVariacao === 'V' ? acc.productById.get(p.parentId) : undefined;
    const s = acc.stockOf(p);
    const wanted = new Set(rules.deposits.map((d) => d.toLowerCase()));
    const physical = s.deposits
      .filter((d) => d.desconsiderar === 'N' && (wanted.size === 0 || wanted.has(d.nome.toLowerCase())))
      .reduce((a, d) => a + d.saldo, 0);
    const quantity = Math.max(0, rules.stockType === 'F' ? physical : physical - (s.reserved ?? 0));
    return {
      tinyId: String(p.id),
      sku: p.codigo,
      kind: p.tipoVariacao === 'P' ? 'parent' : p.tipoVariacao === 'V' ? 'variation' : p.classe === 'K' ? 'kit' : 'simple',
      parentTinyId: parent ? String(parent.id) : null,
      parentSku: parent ? parent.codigo : null,
      name: blank(p.nome),
      description: `<p>${p.nome}</p>`,
      brand: blank(p.marca),
      categoryPath: p.categoria ? p.categoria.split('>>').map((x) => x.trim()).filter(Boolean) : null,
      status: p.situacao === 'A' ? 'active' : 'inactive',
      unit: blank(p.unidade),
      gtin: blank(p.gtin),
      ncm: blank(p.ncm),
      netWeightKg: weight(p.peso),
      grossWeightKg: weight(p.peso + 0.1),
      attributes: Object.entries(p.grade ?? {})
        .map(([name, value]) => ({ name, value }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      kit: (p.kit ?? []).map((k) => ({ tinyId: String(k.id), quantity: k.quantidade })),
      price: p.preco.toFixed(2),
      promotionalPrice: p.precoPromocional > 0 ? p.precoPromocional.toFixed(2) : null,
      quantity: p.tipoVariacao === 'P' ? null : quantity,
    };
  });
}

export async function actualCatalogue(pg: Client, integrationId: string): Promise<Map<string, Expected>> {
  const r = await pg.query(
    `SELECT p.*, s.quantity, pr.price, pr.promotional_price
     FROM catalog.products p
     LEFT JOIN catalog.stock s USING (integration_id, tiny_id)
     LEFT JOIN catalog.prices pr USING (integration_id, tiny_id)
     WHERE p.integration_id = $1`,
    [integrationId],
  );
  const out = new Map<string, Expected>();
  for (const row of r.rows as Record<string, never>[]) {
    const n = (v: string | null): number | null => (v === null ? null : Number(v));
    out.set(row.tiny_id, {
      tinyId: row.tiny_id,
      sku: row.sku,
      kind: row.kind,
      parentTinyId: row.parent_tiny_id,
      parentSku: row.parent_sku,
      name: row.name,
      description: row.description,
      brand: row.brand,
      categoryPath: row.category_path,
      status: row.status,
      unit: row.unit,
      gtin: row.gtin,
      ncm: row.ncm,
      netWeightKg: n(row.net_weight_kg),
      grossWeightKg: n(row.gross_weight_kg),
      attributes: row.attributes,
      kit: row.kit,
      price: row.price,
      promotionalPrice: row.promotional_price,
      quantity: n(row.quantity),
    });
  }
  return out;
}

/** Field-by-field differences (first `max`), empty when the catalogue equals the sandbox. */
export async function catalogueDiff(
  sandbox: Sandbox,
  token: string,
  pg: Client,
  integrationId: string,
  rules: Pick<ProductRules, 'stockType' | 'deposits'>,
  max = 20,
): Promise<string[]> {
  const expected = expectedCatalogue(sandbox, token, rules);
  const actual = await actualCatalogue(pg, integrationId);
  const diffs: string[] = [];
  if (actual.size !== expected.length) diffs.push(`count: expected ${expected.length}, got ${actual.size}`);
  for (const e of expected) {
    const a = actual.get(e.tinyId);
    if (!a) {
      diffs.push(`${e.sku} (${e.tinyId}): missing`);
      continue;
    }
    for (const k of Object.keys(e) as (keyof Expected)[]) {
      if (JSON.stringify(a[k]) !== JSON.stringify(e[k])) diffs.push(`${e.sku}.${k}: expected ${JSON.stringify(e[k])}, got ${JSON.stringify(a[k])}`);
    }
    if (diffs.length >= max) break;
  }
  return diffs;
}
