/**
 * Dispatch through the default middleware stack with one no-op handler (sync, then async), next
 * to `@nestjs/cqrs`' CommandBus.execute with one no-op async handler, and a bare six-layer
 * async function chain, all measured in this process. The bare chain and NestJS run first and
 * again last: the bus' `dispatch_after_current_bus` needs AsyncLocalStorage, which on Node 20
 * slows every promise in the process once a nested dispatch uses it; the report shows both figures.
 */
import 'reflect-metadata';
import { AsMessageHandler, createMessenger } from '@messenger-ts/runtime';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule } from '@nestjs/cqrs';
import { measure, ratio, report, versionOf } from './support/measure.js';

class Ping {
  constructor(readonly n: number) {}
}

class AsyncPing {
  constructor(readonly n: number) {}
}

@AsMessageHandler(Ping)
class PingHandler {
  __invoke(_message: Ping): void {}
}

@AsMessageHandler(AsyncPing)
class AsyncPingHandler {
  async __invoke(_message: AsyncPing): Promise<void> {}
}

class PingCommand {
  constructor(readonly n: number) {}
}

// Nest's decorators are legacy ones: applied as functions (the benchmarks use standard decorators).
class PingCommandHandler {
  async execute(_command: PingCommand): Promise<void> {}
}
CommandHandler(PingCommand)(PingCommandHandler);
class AppModule {}
Module({ imports: [CqrsModule.forRoot()], providers: [PingCommandHandler] })(AppModule);

async function layer(depth: number, value: number): Promise<number> {
  return depth === 0 ? value : (await layer(depth - 1, value)) + 0;
}

const nest = await NestFactory.createApplicationContext(AppModule, { logger: false });
await nest.init();
const commandBus = nest.get(CommandBus);
const nestLabel = `@nestjs/cqrs ${versionOf('@nestjs/cqrs')} CommandBus.execute, 1 no-op async handler`;

const bareBefore = await measure('bare 6-layer async chain', (i) => layer(6, i));
const nestBefore = await measure(nestLabel, (i) => commandBus.execute(new PingCommand(i)));
const messenger = await createMessenger({
  projectDir: mkdtempSync(join(tmpdir(), 'bench-')),
  handlers: [PingHandler, AsyncPingHandler],
});
const bus = await measure('bus.dispatch, default middleware, 1 no-op handler', (i) => messenger.dispatch(new Ping(i)));
const busAsync = await measure('bus.dispatch, default middleware, 1 no-op async handler', (i) =>
  messenger.dispatch(new AsyncPing(i)),
);
const bareAfter = await measure('bare 6-layer async chain, after the bus ran', (i) => layer(6, i));
const nestAfter = await measure(`${nestLabel}, after the bus ran`, (i) => commandBus.execute(new PingCommand(i)));
await nest.close();

report(
  'Bus dispatch',
  [bareBefore, nestBefore, bus, busAsync, bareAfter, nestAfter],
  [
    ratio('bus / bare chain (clean process)', bus, bareBefore),
    ratio('bus / NestJS CQRS (clean process)', bus, nestBefore),
    ratio('bus, async handler / NestJS CQRS (clean process)', busAsync, nestBefore),
    ratio('bus / NestJS CQRS (same process state)', bus, nestAfter),
  ],
  'goals: bus >= 0.5 x bare chain; bus >= 1.0 x NestJS CQRS',
);
