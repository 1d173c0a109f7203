import { createServer } from 'node:http';
import { Pool } from 'pg';

/*
 * The baseline of the gateway bench: a bare Node http server that reads the body and does ONE
 * PostgreSQL insert per request, nothing else. Env: DATABASE_URL, PORT, POOL_SIZE.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 16) });
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    pool.query('INSERT INTO bench_baseline (body) VALUES ($1)', [Buffer.concat(chunks).toString()]).then(
      () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      },
      () => {
        res.writeHead(503);
        res.end();
      },
    );
  });
});
void pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, body text NOT NULL)').then(() =>
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`baseline listening on ${process.env.PORT}\n`)),
);
