/**
 * Generates a messenger project of a given size for the analysis benchmark: N messages (half
 * commands, a third events, the rest queries), one handler each, value classes nested in the
 * messages, handler registration split across modules, controllers dispatching commands and
 * queries, and a messenger.yaml routing commands and events to a serializing transport.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface GeneratedProject {
  readonly dir: string;
  readonly files: number;
  /** A message file whose edit toggles a diagnostic (for the latency measurement). */
  readonly editTarget: string;
}

const RUNTIME = '@messenger-ts/runtime';

export function generateProject(dir: string, messages: number): GeneratedProject {
  rmSync(dir, { recursive: true, force: true });
  let files = 0;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
    files++;
  };
  const values = Math.max(5, Math.floor(messages / 10));
  const kinds = Array.from({ length: messages }, (_, i) => (i % 6 < 3 ? 'Command' : i % 6 < 5 ? 'Event' : 'Query'));
  const name = (i: number): string => `${kinds[i]}${i}`;
  const eventOf = (i: number): number | undefined =>
    [1, 2, 3, 4, 5, 6].map((d) => (i + d) % messages).find((j) => kinds[j] === 'Event');

  write('package.json', JSON.stringify({ name: `bench-${messages}`, private: true, type: 'module' }, null, 2));
  write(
    'tsconfig.json',
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  write('.env', 'MESSENGER_TRANSPORT_DSN=in-memory://\n');
  write(
    'config/packages/messenger.yaml',
    [
      'framework:',
      '  messenger:',
      '    default_bus: command.bus',
      '    buses:',
      '      command.bus: ~',
      '      query.bus: ~',
      '      event.bus:',
      '        default_middleware: allow_no_handlers',
      '    transports:',
      '      async:',
      "        dsn: '%env(MESSENGER_TRANSPORT_DSN)%'",
      '        options:',
      '          serialize: true',
      "      sync: 'sync://'",
      '    routing:',
      "      'App\\Event\\DomainEvent': async",
      ...kinds.flatMap((kind, i) =>
        kind === 'Command' ? [`      'App\\Message\\${name(i)}': ${i % 4 === 0 ? 'sync' : 'async'}`] : [],
      ),
      '',
    ].join('\n'),
  );

  for (let v = 0; v < values; v++) {
    write(
      `src/Model/Value${v}.ts`,
      `export class Value${v} {\n  constructor(\n    readonly id: string,\n    readonly amount: number,\n    readonly at: Date,\n    readonly tags: readonly string[],\n  ) {}\n}\n`,
    );
  }
  write('src/Event/DomainEvent.ts', 'export abstract class DomainEvent {\n  readonly occurredAt = new Date();\n}\n');
  for (let i = 0; i < messages; i++) {
    const v = i % values;
    const base = kinds[i] === 'Event' ? ' extends DomainEvent' : '';
    const imports = `import type { Value${v} } from '../Model/Value${v}.js';\n${base ? "import { DomainEvent } from '../Event/DomainEvent.js';\n" : ''}`;
    const ctor = `  constructor(\n    readonly id: string,\n    readonly value: Value${v},\n    readonly quantity: number,\n    readonly note?: string,\n  ) {${base ? '\n    super();\n  ' : ''}}`;
    write(
      `src/Message/${name(i)}.ts`,
      `${imports}\n/** Message ${i}. */\nexport class ${name(i)}${base} {\n${ctor}\n}\n`,
    );
  }
  for (let i = 0; i < messages; i++) {
    const bus = kinds[i] === 'Command' ? 'command.bus' : kinds[i] === 'Event' ? 'event.bus' : 'query.bus';
    const event = eventOf(i);
    const dispatches = kinds[i] === 'Command' && event !== undefined;
    const lines = [
      `import { AsMessageHandler${dispatches ? ', type MessageBusInterface' : ''} } from '${RUNTIME}';`,
      `import { ${name(i)} } from '../Message/${name(i)}.js';`,
      ...(dispatches ? [`import { ${name(event)} } from '../Message/${name(event)}.js';`] : []),
      '',
      `@AsMessageHandler(${name(i)}, { bus: '${bus}'${kinds[i] === 'Command' && i % 4 !== 0 ? ", fromTransport: 'async'" : ''} })`,
      `export class ${name(i)}Handler {`,
      ...(dispatches ? ['  constructor(private readonly events: MessageBusInterface) {}', ''] : []),
      `  async __invoke(message: ${name(i)}): Promise<${kinds[i] === 'Query' ? 'number' : 'void'}> {`,
      ...(dispatches
        ? [`    await this.events.dispatch(new ${name(event)}(message.id, message.value as never, message.quantity));`]
        : []),
      kinds[i] === 'Query' ? '    return message.quantity;' : '    void message.note;',
      '  }',
      '}',
      '',
    ];
    write(`src/MessageHandler/${name(i)}Handler.ts`, lines.join('\n'));
  }
  const groups = Math.ceil(messages / 50);
  for (let g = 0; g < groups; g++) {
    const ids = Array.from({ length: Math.min(50, messages - g * 50) }, (_, k) => g * 50 + k);
    write(
      `src/handlers/group${g}.ts`,
      [
        `import type { HandlerFactoryContext, MessengerOptions } from '${RUNTIME}';`,
        ...ids.map((i) => `import { ${name(i)}Handler } from '../MessageHandler/${name(i)}Handler.js';`),
        '',
        `export const group${g}: NonNullable<MessengerOptions['handlers']> = [`,
        ...ids.map((i) =>
          kinds[i] === 'Command' && eventOf(i) !== undefined
            ? `  ({ getBus }: HandlerFactoryContext) => new ${name(i)}Handler(getBus('event.bus')),`
            : `  ${name(i)}Handler,`,
        ),
        '];',
        '',
      ].join('\n'),
    );
  }
  const controllers = Math.ceil(messages / 10);
  for (let c = 0; c < controllers; c++) {
    const ids = Array.from({ length: Math.min(10, messages - c * 10) }, (_, k) => c * 10 + k).filter(
      (i) => kinds[i] !== 'Event',
    );
    write(
      `src/Controller/Controller${c}.ts`,
      [
        `import { handle, type MessageBusInterface } from '${RUNTIME}';`,
        ...ids.map((i) => `import { ${name(i)} } from '../Message/${name(i)}.js';`),
        ...[...new Set(ids.map((i) => i % values))].map((v) => `import { Value${v} } from '../Model/Value${v}.js';`),
        '',
        `export class Controller${c} {`,
        '  constructor(',
        '    private readonly commandBus: MessageBusInterface,',
        '    private readonly queryBus: MessageBusInterface,',
        '  ) {}',
        '',
        '  async run(id: string): Promise<number> {',
        '    let total = 0;',
        ...ids.map((i) =>
          kinds[i] === 'Query'
            ? `    total += await handle<number>(this.queryBus, new ${name(i)}(id, new Value${i % values}(id, 1, new Date(), []), ${i}));`
            : `    await this.commandBus.dispatch(new ${name(i)}(id, new Value${i % values}(id, 1, new Date(), []), ${i}));`,
        ),
        '    return total;',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  }
  write(
    'src/messenger.ts',
    [
      `import { createMessenger } from '${RUNTIME}';`,
      ...Array.from({ length: groups }, (_, g) => `import { group${g} } from './handlers/group${g}.js';`),
      ...Array.from({ length: values }, (_, v) => `import { Value${v} } from './Model/Value${v}.js';`),
      '',
      'export default createMessenger({',
      "  projectDir: new URL('..', import.meta.url),",
      `  handlers: [${Array.from({ length: groups }, (_, g) => `...group${g}`).join(', ')}],`,
      `  messages: [${Array.from({ length: values }, (_, v) => `Value${v}`).join(', ')}],`,
      '});',
      '',
    ].join('\n'),
  );
  write(
    'src/app.ts',
    [
      ...Array.from(
        { length: controllers },
        (_, c) => `import { Controller${c} } from './Controller/Controller${c}.js';`,
      ),
      "import app from './messenger.js';",
      '',
      'export async function controllers(): Promise<object[]> {',
      '  const messenger = await app;',
      "  const query = messenger.getBus('query.bus');",
      `  return [${Array.from({ length: controllers }, (_, c) => `new Controller${c}(messenger.bus, query)`).join(', ')}];`,
      '}',
      '',
    ].join('\n'),
  );
  const target = kinds.findIndex((k, i) => k === 'Command' && i % 4 !== 0);
  return { dir, files, editTarget: join(dir, `src/Message/${name(target)}.ts`) };
}
