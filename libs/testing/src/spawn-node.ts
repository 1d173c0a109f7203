import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface SpawnedNode {
  pid: number;
  /** Everything the child printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves when a line matching `pattern` has been printed. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal?: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The repository root: the nearest folder up from here that holds node_modules/.bin/node. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'node_modules', '.bin', 'node'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No node_modules/.bin/node above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Runs COMPILED code (e.g. `dist/test/bench/messaging/run.js`, relative to the repo root) with the
 * pinned Node 24, for kill/restart/multi-process tests. Run `npm run build` first.
 */
export function spawnNode(
  distEntry: string,
  {
    env = {},
    args = [],
    execArgv = [],
    echo = false,
  }: { env?: Record<string, string>; args?: string[]; /** Node flags, e.g. --cpu-prof. */ execArgv?: string[]; echo?: boolean } = {},
): SpawnedNode {
  const root = repoRoot();
  const entry = resolve(root, distEntry);
  if (!existsSync(entry)) throw new Error(`${entry} not found: run npm run build first`);
  const child = spawn(join(root, 'node_modules', '.bin', 'node'), [...execArgv, entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (echo) process.stdout.write(chunk);
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return {
    pid: child.pid ?? -1,
    output: () => output,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      new Promise((done, fail) => {
        const check = () => {
          const line = output.split('\n').find((l) => pattern.test(l));
          if (line === undefined) return;
          cleanup();
          done(line);
        };
        const timer = setTimeout(() => {
          cleanup();
          fail(new Error(`Timed out waiting for ${pattern} in child output:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            cleanup();
            fail(new Error(`Child exited before printing ${pattern}:\n${output}`));
          }
        });
        check();
      }),
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    exited,
  };
}
