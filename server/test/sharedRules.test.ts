/**
 * The shared rule table (test/support/ruleScenarios.ts) against the static analysis: each
 * application written as source files and analysed, never run. The runtime runs the same
 * table (runtime/test/sharedRules.test.ts).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type DeclarationSpec, type Scenario, SCENARIOS, scenarioYaml } from '../../test/support/ruleScenarios.js';
import { staticHandlerMapping, Workspace } from '../src/analysis/index.js';
import type { Model } from '../src/analysis/model/assemble.js';
import type { ClassRef } from '../src/analysis/model/ProjectIndex.js';
import { handlersFor } from '../src/analysis/model/queries.js';
import { routesOf } from '../src/analysis/model/routing.js';
import { removeProject, tempProject } from './support/project.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeProject));

const RUNTIME = "import { AsMessage, AsMessageHandler, createMessenger } from '@messenger-ts/runtime';\n";

function messageFile(name: string, scenario: Scenario): string {
  const spec = scenario.messages[name]!;
  const parent = spec.extends === undefined ? '' : `import { ${spec.extends} } from './${spec.extends}.js';\n`;
  const options = [
    ...(spec.type ? [`type: ${JSON.stringify(spec.type)}`] : []),
    ...(spec.transports ? [`transport: ${JSON.stringify(spec.transports)}`] : []),
  ];
  const decorator = options.length === 0 ? '' : `@AsMessage({ ${options.join(', ')} })\n`;
  const extendsClause = spec.extends === undefined ? '' : ` extends ${spec.extends}`;
  return `${spec.moduleOnly ? '' : RUNTIME}${parent}${decorator}export class ${name}${extendsClause} {}\n`;
}

function decorator(declaration: DeclarationSpec): string {
  const options = [
    ...(declaration.bus ? [`bus: '${declaration.bus}'`] : []),
    ...(declaration.fromTransport ? [`fromTransport: '${declaration.fromTransport}'`] : []),
    ...(declaration.priority ? [`priority: ${declaration.priority}`] : []),
    ...(declaration.method ? [`method: '${declaration.method}'`] : []),
  ];
  const handles = declaration.handles === '*' ? "'*'" : declaration.handles;
  return `@AsMessageHandler(${handles}${options.length === 0 ? '' : `, { ${options.join(', ')} }`})\n`;
}

function handlerFile(name: string, declarations: readonly DeclarationSpec[]): string {
  const messages = [...new Set(declarations.map((d) => d.handles).filter((h) => h !== '*'))];
  const imports = messages.map((m) => `import { ${m} } from '../Message/${m}.js';\n`).join('');
  const methods = declarations.flatMap((d) => (d.method && !d.missingMethod ? [`  ${d.method}(m: unknown) {}\n`] : []));
  return `${RUNTIME}${imports}${declarations.map(decorator).join('')}export class ${name} {\n  __invoke(m: unknown) {}\n${methods.join('')}}\n`;
}

function bootstrapFile(scenario: Scenario): string {
  const handlers = scenario.register ?? Object.keys(scenario.handlers);
  const messages = scenario.messagesOption ?? [];
  const imports = [
    ...Object.keys(scenario.handlers).map((h) => `import { ${h} } from './MessageHandler/${h}.js';\n`),
    ...messages.map((m) => `import { ${m} } from './Message/${m}.js';\n`),
  ];
  return `${RUNTIME}${imports.join('')}export default createMessenger({\n  handlers: [${handlers.map((h) => `new ${h}()`).join(', ')}],\n  messages: [${messages.join(', ')}],\n});\n`;
}

function analyze(scenario: Scenario): Model & { errors: string[] } {
  const files: Record<string, string> = {
    'config/packages/messenger.yaml': scenarioYaml(scenario),
    'src/messenger.ts': bootstrapFile(scenario),
  };
  for (const name of Object.keys(scenario.messages)) files[`src/Message/${name}.ts`] = messageFile(name, scenario);
  for (const [name, declarations] of Object.entries(scenario.handlers))
    files[`src/MessageHandler/${name}.ts`] = handlerFile(name, declarations);
  const dir = tempProject(files);
  dirs.push(dir);
  const { model, diagnostics } = new Workspace({ projectDir: dir }).analyze();
  return Object.assign(Object.create(model) as Model, {
    errors: diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  });
}

function classNamed(model: Model, name: string): ClassRef {
  const cls = [...model.index.classes.values()].find((c) => c.decl.name === name);
  assert.ok(cls, `class ${name}`);
  return cls;
}

describe('the shared rules, run by the analysis', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      const model = analyze(scenario);
      const { expect } = scenario;
      if (expect.problems !== undefined) {
        for (const problem of expect.problems)
          assert.ok(
            model.errors.some((error) => error.includes(problem)),
            `${problem}\n in ${model.errors.join('\n')}`,
          );
        return;
      }
      assert.deepEqual(model.errors, []);
      if (expect.mapping !== undefined) {
        const mapping = Object.fromEntries(
          staticHandlerMapping(model).buses.map((bus) => [
            bus.name,
            Object.fromEntries(bus.messages.map((m) => [m.message, m.handlers.map((h) => h.handler)])),
          ]),
        );
        assert.deepEqual(mapping, expect.mapping);
      }
      for (const lookup of expect.lookups ?? [])
        assert.deepEqual(
          handlersFor(model, classNamed(model, lookup.message), lookup.bus, lookup.receivedFrom).map((d) => d.name),
          lookup.handlers,
          JSON.stringify(lookup),
        );
      for (const { name, cls } of expect.names ?? []) assert.equal(model.registry.get(name)?.decl.name, cls, name);
      for (const [name, transports] of Object.entries(expect.routes ?? {}))
        assert.deepEqual(
          routesOf(model.index, model.routing, classNamed(model, name)).map((route) => route.transport),
          transports,
          name,
        );
    });
  }
});
