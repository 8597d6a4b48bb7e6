/**
 * The editor features through the real language server over stdio, on generated projects of
 * 1,000 and 2,500 messages and handlers (test/bench/support/generateProject.ts). In the same run:
 *   - the baseline: a round trip the server answers with nothing (a hover on a blank line);
 *   - hover: on messages built in controllers, on handler decorators, on routing keys (p50, p95);
 *   - completion: transport names in routing and fromTransport, and message classes as routing
 *     keys, the longest list (p50, p95);
 *   - definition, references, code lens, rename: one figure each (p50 of a few);
 *   - a burst of 5 keystrokes sent back to back: from the last one to the diagnostics that
 *     reflect it (p50, p95), each burst analysed once; the same for one keystroke, its baseline;
 *   - memory (1,000 only): 10,000 requests (hover, completion, definition, highlights in turn)
 *     after 1,000 to warm up, answered by the server's logic in this process (MessengerServer,
 *     the same code main.ts binds to the connection), V8's heap after a full GC before and after;
 *     and, for information, the stdio server's resident memory over the same requests (V8 grows
 *     its heap lazily: resident memory rises without anything being kept).
 *   - when `initialize` is answered (process start and module load included), and when the first
 *     analysis is done: it starts once the client says `initialized`.
 * Goals: p95 of hover and completion under 50 ms; memory growth under 10 MiB.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FEATURES } from '../../server/src/features/index.js';
import { MessengerServer } from '../../server/src/MessengerServer.js';
import { LspTestClient } from '../../server/test/support/lspClient.js';
import { generateProject } from './support/generateProject.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TMP = join(ROOT, 'test', '.tmp');
const SIZES = (process.env['BENCH_SIZES'] ?? '1000,2500').split(',').map(Number);
const SAMPLES = 200;
const MEMORY_REQUESTS = 10_000;
const BURSTS = 20;

type Position = { line: number; character: number };
interface Spot {
  readonly file: string;
  readonly position: Position;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Every place in a file where a regular expression matches, at an offset into the match. */
function spots(file: string, pattern: RegExp, offset: number): Spot[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((line, index) => {
    const match = pattern.exec(line);
    return match === null ? [] : [{ file, position: { line: index, character: match.index + offset } }];
  });
}

function residentKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
const line = (label: string, values: readonly number[]): string =>
  `  ${label.padEnd(62)} p50 ${ms(percentile(values, 50)).padStart(9)}   p95 ${ms(percentile(values, 95)).padStart(9)}`;

async function timed(client: LspTestClient, method: string, spot: Spot, extra: object = {}): Promise<number> {
  const started = performance.now();
  await client.connection.sendRequest(method, {
    textDocument: { uri: client.uri(spot.file) },
    position: spot.position,
    ...extra,
  });
  return performance.now() - started;
}

async function series(
  client: LspTestClient,
  method: string,
  places: readonly Spot[],
  count = SAMPLES,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await timed(client, method, places[(i * 7919) % places.length]!));
  return out;
}

/**
 * Keystrokes back to back (`keys` of them), the last one adding (or removing) a property the
 * serializer refuses; timed from the last one to the diagnostics that reflect it. One key: the
 * baseline of a burst.
 */
async function bursts(client: LspTestClient, target: string, keys: number): Promise<number[]> {
  const original = readFileSync(target, 'utf8');
  await client.open(target, original);
  await client.model();
  const uri = client.uri(target);
  const latencies: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    const broken = b % 2 === 0;
    const texts = Array.from({ length: keys }, (_, k) =>
      original.replace('readonly quantity: number,', `readonly quantity: number,\n    // ${'x'.repeat(b * keys + k)}`),
    );
    const last = texts.length - 1;
    texts[last] = broken
      ? texts[last]!.replace('readonly quantity: number,', 'readonly quantity: number,\n    readonly done: () => void,')
      : texts[last]!;
    for (const text of texts.slice(0, last)) void client.change(target, [{ text }]);
    const started = performance.now();
    await client.change(target, [{ text: texts[last]! }]);
    await client.waitFor(
      () => (client.diagnostics.get(uri) ?? []).some((d) => d.code === 'non-serializable-payload') === broken,
      20_000,
      `burst ${b}`,
    );
    latencies.push(performance.now() - started);
  }
  await client.close(target);
  return latencies;
}

/** The same requests answered in this process, V8's heap measured after a full GC before and after. */
function heapGrowth(dir: string, mix: ReadonlyArray<[string, readonly Spot[]]>): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (npm run bench does)');
  const server = new MessengerServer({
    publishDiagnostics: () => {},
    sendNotification: () => {},
    log: (message) => console.error(message),
    showWarning: () => {},
  });
  server.initialize([pathToFileURL(dir).href], {});
  server.start();
  const run = (count: number, from: number): void => {
    for (let i = from; i < from + count; i++) {
      const [method, places] = mix[i % mix.length]!;
      const spot = places[(i * 7919) % places.length]!;
      const feature = FEATURES.find((f) => f.method === method)!;
      server.request(feature, { textDocument: { uri: pathToFileURL(spot.file).href }, position: spot.position });
    }
  };
  run(1000, 0);
  gc();
  const before = process.memoryUsage().heapUsed;
  run(MEMORY_REQUESTS, 1000);
  gc();
  const after = process.memoryUsage().heapUsed;
  server.dispose();
  return (after - before) / 2 ** 20;
}

console.log('\n## Editor features over LSP (server/src/features)');
for (const size of SIZES) {
  const project = generateProject(join(TMP, `bench-editor-${size}`), size);
  const starting = performance.now();
  const client = await LspTestClient.start(project.dir);
  const initialized = performance.now() - starting;
  try {
    await client.model();
    const analysed = performance.now() - starting;
    const yaml = join(project.dir, 'config/packages/messenger.yaml');
    const controllers = Array.from({ length: Math.ceil(size / 10) }, (_, c) =>
      join(project.dir, `src/Controller/Controller${c}.ts`),
    );
    const handlers = Array.from({ length: size }, (_, i) => i)
      .filter((i) => i % 6 < 3 && i % 4 !== 0)
      .map((i) => join(project.dir, `src/MessageHandler/Command${i}Handler.ts`));
    const messagesBuilt = controllers.flatMap((file) => spots(file, /new (Command|Query)\d+\(/, 6));
    const decorators = handlers.slice(0, 200).flatMap((file) => spots(file, /@AsMessageHandler\(/, 3));
    const routingKeys = spots(yaml, /^\s+'App\\Message\\/, 10);
    const routingValues = spots(yaml, /: (async|sync)$/, 2);
    const routingKeyStarts = spots(yaml, /^\s+'App\\Message\\/, 6);
    const fromTransport = handlers.slice(0, 200).flatMap((file) => spots(file, /fromTransport: 'async'/, 16));
    const blank = spots(join(project.dir, 'src/messenger.ts'), /^$/, 0);

    const baseline = await series(client, 'textDocument/hover', blank);
    const hover = await series(client, 'textDocument/hover', [...messagesBuilt, ...decorators, ...routingKeys]);
    const completeNames = await series(client, 'textDocument/completion', [...routingValues, ...fromTransport]);
    const completeClasses = await series(client, 'textDocument/completion', routingKeyStarts, 50);
    const definition = await series(client, 'textDocument/definition', [...messagesBuilt, ...fromTransport], 50);
    const references = await series(client, 'textDocument/references', messagesBuilt, 20);
    const transportReferences = await series(client, 'textDocument/references', fromTransport, 5);
    const lens: number[] = [];
    for (let i = 0; i < 50; i++) {
      const file = handlers[(i * 31) % handlers.length]!;
      const started = performance.now();
      await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: client.uri(file) } });
      lens.push(performance.now() - started);
    }
    const rename: number[] = [];
    for (let i = 0; i < 5; i++)
      rename.push(await timed(client, 'textDocument/rename', fromTransport[i]!, { newName: 'queue' }));
    const single = await bursts(client, project.editTarget, 1);
    const burst = await bursts(client, project.editTarget, 5);

    console.log(
      `\n### ${size.toLocaleString('en-US')} messages and handlers (${project.files.toLocaleString('en-US')} files)`,
    );
    console.log(
      `  initialize answered after ${ms(initialized)} (the process started, modules loaded); first analysis done after ${ms(analysed)}`,
    );
    console.log(line('baseline: a round trip answered with nothing', baseline));
    console.log(line(`hover (messages, handlers, routing keys), ${SAMPLES}`, hover));
    console.log(line(`completion of transport names (YAML, fromTransport), ${SAMPLES}`, completeNames));
    console.log(
      line(`completion of routing keys (${(size * 2).toLocaleString('en-US')}+ classes), 50`, completeClasses),
    );
    console.log(line('definition, 50', definition));
    console.log(line('references of a message, 20', references));
    console.log(line('references of a transport (parses the files naming it), 5', transportReferences));
    console.log(line('code lens of a handler file, 50', lens));
    console.log(line('rename of a transport, 5', rename));
    console.log(line(`one keystroke → its diagnostics, ${BURSTS}`, single));
    console.log(line(`last keystroke of a 5-key burst → its diagnostics, ${BURSTS}`, burst));
    const p95 = Math.max(percentile(hover, 95), percentile(completeNames, 95), percentile(completeClasses, 95));
    console.log(
      `  5-key burst p50 / one keystroke p50: ${(percentile(burst, 50) / percentile(single, 50)).toFixed(2)}×; hover p50 / baseline p50: ${(percentile(hover, 50) / percentile(baseline, 50)).toFixed(1)}×; goal p95 < 50 ms for hover and completion: ${p95 < 50 ? 'met' : 'NOT met'} (${ms(p95)})`,
    );

    if (size === SIZES[0]) {
      const pid = client.pid!;
      const mix: Array<[string, readonly Spot[]]> = [
        ['textDocument/hover', [...messagesBuilt, ...decorators, ...routingKeys]],
        ['textDocument/completion', [...routingValues, ...fromTransport]],
        ['textDocument/definition', messagesBuilt],
        ['textDocument/documentHighlight', messagesBuilt],
      ];
      const run = async (count: number, from: number): Promise<void> => {
        for (let i = from; i < from + count; i++) {
          const [method, places] = mix[i % mix.length]!;
          await timed(client, method, places[(i * 7919) % places.length]!);
        }
      };
      await run(1000, 0);
      const before = residentKb(pid);
      await run(MEMORY_REQUESTS, 1000);
      const after = residentKb(pid);
      const rss = (after - before) / 1024;
      const growth = heapGrowth(project.dir, mix);
      console.log(
        `  server heap after a full GC, over ${MEMORY_REQUESTS.toLocaleString('en-US')} requests: growth ${growth.toFixed(2)} MiB (goal < 10 MiB: ${growth < 10 ? 'met' : 'NOT met'})`,
      );
      console.log(
        `  stdio server resident memory: ${(before / 1024).toFixed(1)} MiB after 1,000 requests, ${(after / 1024).toFixed(1)} MiB after ${MEMORY_REQUESTS.toLocaleString('en-US')} more (+${rss.toFixed(1)} MiB, V8 growing its heap)`,
      );
    }
  } finally {
    await client.stop();
    if (process.env['BENCH_KEEP'] !== '1') rmSync(project.dir, { recursive: true, force: true });
  }
}
