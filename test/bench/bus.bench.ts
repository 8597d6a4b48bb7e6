/**
 * Sync dispatch through the default middleware stack with one no-op handler, next to a bare
 * six-layer async function chain measured in the same process. The bare chain runs first and
 * again last: the bus enables AsyncLocalStorage (dispatch_after_current_bus), which on Node 20
 * slows every promise in the process, and the report shows both figures.
 */
import { AsMessageHandler, createMessenger } from '@messenger-ts/runtime';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, ratio, report } from './support/measure.js';

class Ping {
  constructor(readonly n: number) {}
}

@AsMessageHandler(Ping)
class PingHandler {
  __invoke(_message: Ping): void {}
}

async function layer(depth: number, value: number): Promise<number> {
  return depth === 0 ? value : (await layer(depth - 1, value)) + 0;
}

const bareBefore = await measure('bare 6-layer async chain', (i) => layer(6, i));
const messenger = await createMessenger({ projectDir: mkdtempSync(join(tmpdir(), 'bench-')), handlers: [PingHandler] });
const bus = await measure('bus.dispatch, default middleware, 1 no-op handler', (i) => messenger.dispatch(new Ping(i)));
const bareAfter = await measure('bare 6-layer async chain, after the bus ran', (i) => layer(6, i));

report(
  'Bus dispatch',
  [bareBefore, bus, bareAfter],
  [
    ratio('bus / bare chain (clean process)', bus, bareBefore),
    ratio('bus / bare chain (same process state)', bus, bareAfter),
  ],
  'goal: bus >= 0.5 x bare chain',
);
