/**
 * The shared rule table (test/support/ruleScenarios.ts) against the runtime: each application
 * built from classes, run through createMessenger(), and read back from what it built. The
 * analysis runs the same table (server/test/sharedRules.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Scenario, SCENARIOS, scenarioYaml } from '../../test/support/ruleScenarios.js';
import {
  AsMessage,
  AsMessageHandler,
  createMessenger,
  Envelope,
  HandledStamp,
  type MessageClass,
  type Messenger,
  ReceivedStamp,
} from '../src/index.js';
import { tempProject } from './support/tempProject.js';

type Classes = Map<string, MessageClass>;

/** A class with a given name (and parent), as `class Name extends Parent {}` would make it. */
function namedClass(name: string, parent?: MessageClass): MessageClass {
  const base = parent ?? class {};
  return { [name]: class extends (base as new () => object) {} }[name] as MessageClass;
}

function messageClasses(scenario: Scenario): Classes {
  const classes: Classes = new Map();
  const build = (name: string): MessageClass => {
    const existing = classes.get(name);
    if (existing !== undefined) return existing;
    const spec = scenario.messages[name]!;
    const cls = namedClass(name, spec.extends === undefined ? undefined : build(spec.extends));
    if (spec.type !== undefined || spec.transports !== undefined)
      AsMessage({
        ...(spec.type ? { type: spec.type } : {}),
        ...(spec.transports ? { transport: spec.transports } : {}),
      })(cls);
    classes.set(name, cls);
    return cls;
  };
  for (const [name, spec] of Object.entries(scenario.messages)) if (!spec.moduleOnly) build(name);
  return classes;
}

function handlerInstances(scenario: Scenario, classes: Classes): object[] {
  const handlerClasses = new Map<string, new () => object>();
  for (const [name, declarations] of Object.entries(scenario.handlers)) {
    const cls = namedClass(name) as unknown as new () => object;
    const prototype = cls.prototype as Record<string, unknown>;
    prototype['__invoke'] = () => undefined;
    // Decorators apply bottom-up: the last one written records first.
    for (const declaration of [...declarations].reverse()) {
      if (declaration.method !== undefined && !declaration.missingMethod)
        prototype[declaration.method] = () => undefined;
      const handles = declaration.handles === '*' ? '*' : classes.get(declaration.handles)!;
      const decorate = AsMessageHandler(handles, {
        ...(declaration.bus ? { bus: declaration.bus } : {}),
        ...(declaration.fromTransport ? { fromTransport: declaration.fromTransport } : {}),
        ...(declaration.priority ? { priority: declaration.priority } : {}),
        ...(declaration.method ? { method: declaration.method } : {}),
      }) as (target: object) => void;
      decorate(cls);
    }
    handlerClasses.set(name, cls);
  }
  return (scenario.register ?? Object.keys(scenario.handlers)).map((name) => new (handlerClasses.get(name)!)());
}

async function build(scenario: Scenario): Promise<{ messenger?: Messenger; error?: Error; classes: Classes }> {
  const projectDir = tempProject({ 'config/packages/messenger.yaml': scenarioYaml(scenario) });
  for (const [name, spec] of Object.entries(scenario.messages)) {
    if (!spec.moduleOnly) continue;
    mkdirSync(join(projectDir, 'src/Message'), { recursive: true });
    writeFileSync(join(projectDir, `src/Message/${name}.ts`), `export class ${name} {}\n`);
  }
  const classes = messageClasses(scenario);
  try {
    const messenger = await createMessenger({
      projectDir,
      processEnv: {},
      handlers: handlerInstances(scenario, classes),
      messages: (scenario.messagesOption ?? []).map((name) => classes.get(name)!),
    });
    return { messenger, classes };
  } catch (error) {
    return { error: error as Error, classes };
  }
}

/** A class of the scenario, built here or imported by the runtime through a routing key. */
function classNamed(messenger: Messenger, classes: Classes, name: string): MessageClass {
  return classes.get(name) ?? messenger.messageTypes.get(name)!;
}

describe('the shared rules, run by the runtime', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const { messenger, error, classes } = await build(scenario);
      const { expect } = scenario;
      if (expect.problems !== undefined) {
        assert.ok(error, 'createMessenger() refuses the application');
        for (const problem of expect.problems)
          assert.ok(error.message.includes(problem), `${problem}\n in ${error.message}`);
        return;
      }
      assert.ok(messenger, error?.message);
      if (expect.mapping !== undefined) {
        const mapping = Object.fromEntries(
          messenger
            .handlerMapping()
            .buses.map((bus) => [
              bus.name,
              Object.fromEntries(bus.messages.map((m) => [m.message, m.handlers.map((h) => h.handler)])),
            ]),
        );
        assert.deepEqual(mapping, expect.mapping);
      }
      for (const lookup of expect.lookups ?? []) {
        const message = new (classNamed(messenger, classes, lookup.message) as new () => object)();
        const stamps = lookup.receivedFrom === undefined ? [] : [new ReceivedStamp(lookup.receivedFrom)];
        const handled: Envelope<object> = await messenger.getBus(lookup.bus).dispatch(Envelope.wrap(message, stamps));
        assert.deepEqual(
          handled.all(HandledStamp).map((stamp) => stamp.handlerName),
          lookup.handlers,
          JSON.stringify(lookup),
        );
      }
      for (const { name, cls } of expect.names ?? []) assert.equal(messenger.messageTypes.get(name)?.name, cls, name);
      for (const [name, transports] of Object.entries(expect.routes ?? {}))
        assert.deepEqual(
          messenger.routesFor(classNamed(messenger, classes, name)).map((route) => route.transport),
          transports,
          name,
        );
      await messenger.close();
    });
  }
});
