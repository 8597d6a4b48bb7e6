/**
 * Dispatch through the default middleware stack with one no-op handler (sync, then async), next
 * to `@nestjs/cqrs`' CommandBus.execute with one no-op async handler, and a bare six-layer
 * async function chain, measured side by side in alternating rounds, in nine processes (medians;
 * a ratio is the median of the ratios within each process), with what each allocates per op (the
 * timing loop's own `await` included, about 250 bytes). No message here uses
 * DispatchAfterCurrentBusStamp, so the bus never enters AsyncLocalStorage, which on Node 20 would
 * slow every promise of the process, the peers' included.
 */
import 'reflect-metadata';
import {
  AsMessageHandler,
  createMessenger,
  HandleMessageMiddleware,
  HandlerDescriptor,
  HandlersLocator,
  MessageBus,
} from '@messenger-ts/runtime';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule } from '@nestjs/cqrs';
import { acrossProcesses, measureSideBySide, ratio, report, versionOf } from './support/measure.js';

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

// The least a dispatch that resolves to its result can cost with an async handler: the handler's
// promise, and one reaction that makes the result. NestJS hands the handler's promise back as is.
const noOp = new AsyncPingHandler();
function handlerAndOneReaction(i: number): Promise<{ message: AsyncPing; result: void }> {
  const message = new AsyncPing(i);
  return noOp.__invoke(message).then((result) => ({ message, result }));
}

async function layer(depth: number, value: number): Promise<number> {
  return depth === 0 ? value : (await layer(depth - 1, value)) + 0;
}

const nestLabel = `@nestjs/cqrs ${versionOf('@nestjs/cqrs')} CommandBus.execute, 1 no-op async handler`;

async function measureAll() {
  const nest = await NestFactory.createApplicationContext(AppModule, { logger: false });
  await nest.init();
  const commandBus = nest.get(CommandBus);
  const messenger = await createMessenger({
    projectDir: mkdtempSync(join(tmpdir(), 'bench-')),
    handlers: [PingHandler, AsyncPingHandler],
  });
  // The default stack's last layer alone: what the four others (bus name, dispatch after current
  // bus, failed message processing, send) cost is the difference.
  const handleOnly = new MessageBus([
    new HandleMessageMiddleware(
      new HandlersLocator(
        new Map([
          [
            AsyncPing,
            [
              new HandlerDescriptor((m) => noOp.__invoke(m as AsyncPing), 'AsyncPingHandler::__invoke', {
                handles: AsyncPing,
                bus: undefined,
                fromTransport: undefined,
                method: '__invoke',
                priority: 0,
              }),
            ],
          ],
        ]),
      ),
    ),
  ]);
  const measured = await measureSideBySide(
    [
      { label: 'bare 6-layer async chain', op: (i) => layer(6, i) },
      { label: 'async no-op handler + one reaction (no bus)', op: handlerAndOneReaction },
      { label: nestLabel, op: (i) => commandBus.execute(new PingCommand(i)) },
      { label: 'bus.dispatch, default middleware, 1 no-op handler', op: (i) => messenger.dispatch(new Ping(i)) },
      {
        label: 'bus.dispatch, default middleware, 1 no-op async handler',
        op: (i) => messenger.dispatch(new AsyncPing(i)),
      },
      {
        label: 'MessageBus with handle_message only, 1 no-op async handler',
        op: (i) => handleOnly.dispatch(new AsyncPing(i)),
      },
    ],
    { allocation: true },
  );
  await nest.close();
  return measured;
}

const [bare, floor, nestCqrs, bus, busAsync, handleOnly] = await acrossProcesses(import.meta.filename, 9, measureAll);

report(
  'Bus dispatch',
  [bare!, floor!, nestCqrs!, bus!, busAsync!, handleOnly!],
  [
    ratio('bus / bare chain', bus!, bare!),
    ratio('bus / NestJS CQRS', bus!, nestCqrs!),
    ratio('bus, async handler / NestJS CQRS', busAsync!, nestCqrs!),
    ratio('handler + one reaction / NestJS CQRS', floor!, nestCqrs!),
    ratio('bus, async handler / handler + one reaction', busAsync!, floor!),
    ratio('handle_message only / NestJS CQRS', handleOnly!, nestCqrs!),
    ratio('bus, async handler / handle_message only', busAsync!, handleOnly!),
  ],
  'goals: bus >= 0.5 x bare chain; bus >= 1.0 x NestJS CQRS',
);
