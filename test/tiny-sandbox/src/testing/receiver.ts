import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A tiny local webhook receiver for the emitter specs.

export interface Received {
  path: string;
  contentType: string;
  body: string;
  at: number;
}

export type Responder = (r: Received, index: number) => { status: number; body?: string };

export class Receiver {
  readonly received: Received[] = [];
  url = '';
  private server: Server | undefined;

  constructor(public responder: Responder = () => ({ status: 200, body: '' })) {}

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = {
          path: req.url ?? '',
          contentType: String(req.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        this.received.push(r);
        const out = this.responder(r, this.received.length - 1);
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(out.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Received bodies on a path, parsed as JSON (or from the `dados` form field). */
  payloads(path: string): { tipo: string; dados: Record<string, unknown>; [k: string]: unknown }[] {
    return this.received
      .filter((r) => r.path === path)
      .map((r) => {
        const text = r.contentType.includes('x-www-form-urlencoded') ? (new URLSearchParams(r.body).get('dados') ?? '') : r.body;
        return JSON.parse(text) as { tipo: string; dados: Record<string, unknown> };
      });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
