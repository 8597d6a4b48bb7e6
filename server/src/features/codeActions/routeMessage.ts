import { join, relative, sep } from 'node:path';
import { moduleToNamespacedName, namespacedNameToModule } from '@messenger-ts/runtime/rules';
import type { Model } from '../../analysis/model/assemble.js';
import type { ClassRef } from '../../analysis/model/ProjectIndex.js';
import { EditBuilder } from './edits.js';
import { defaultDsn, envFile, withVariable } from './envEdits.js';
import type { FixContext, FixedDiagnostic, FixOffer, QuickFix } from './QuickFix.js';
import { addMapEntry, scalar } from './yamlEdits.js';

const ROUTING = ['framework', 'messenger', 'routing'];
const TRANSPORTS = ['framework', 'messenger', 'transports'];
/** Symfony's recipe names its transport's DSN so. */
const DSN_VARIABLE = 'MESSENGER_TRANSPORT_DSN';

/**
 * An unrouted message gets a routing rule in messenger.yaml: to a transport that exists, or to a
 * new `async` transport (its DSN from MESSENGER_TRANSPORT_DSN, defined in .env if it is not).
 */
export const routeMessage: QuickFix = {
  id: 'route-message',
  codes: ['unrouted-message'],
  offers(context, diagnostic) {
    const message = messageOf(context.model, diagnostic);
    if (message === undefined) return [];
    const offers: FixOffer[] = candidateTransports(context.model).map((transport) => ({
      title: `Route ${message.decl.name} to "${transport}" in messenger.yaml`,
      args: { transport },
    }));
    const fresh = newTransportName(context.model);
    offers.push({
      title: `Route ${message.decl.name} to a new transport "${fresh}"`,
      args: { transport: fresh, create: 'true' },
    });
    return offers;
  },
  edit(context, diagnostic, args) {
    const message = messageOf(context.model, diagnostic);
    const transport = args['transport'];
    if (message === undefined || transport === undefined) return undefined;
    const file = configFileOf(context, diagnostic);
    const before = context.read(file);
    let text: string | undefined = before ?? '';
    const edit = new EditBuilder();
    if (args['create'] === 'true') {
      text = addMapEntry(text, TRANSPORTS, scalar(transport), `'%env(${DSN_VARIABLE})%'`);
      if (Object.hasOwn(context.model.config.dotenvVariables, DSN_VARIABLE) === false) {
        const env = envFile(context.model);
        const envText = context.read(env);
        const dsn = defaultDsn(context.model);
        const comment = `# The transport of asynchronous messages (e.g. doctrine://default, redis://localhost:6379/messages, amqp://guest:guest@localhost:5672/%2f/messages)`;
        if (envText === undefined) edit.create(env, withVariable('', DSN_VARIABLE, dsn, comment));
        else edit.rewrite(env, envText, withVariable(envText, DSN_VARIABLE, dsn, comment));
      }
    }
    if (text !== undefined)
      text = addMapEntry(text, ROUTING, scalar(routingKey(context.model, message)), scalar(transport));
    if (text === undefined) return undefined;
    if (before === undefined) edit.create(file, text);
    else edit.rewrite(file, before, text);
    return edit.build();
  },
};

function messageOf(model: Model, diagnostic: FixedDiagnostic): ClassRef | undefined {
  const { className, classFile } = diagnostic.data;
  return className === undefined || classFile === undefined ? undefined : model.index.classNamed(classFile, className);
}

/** The base messenger.yaml (the diagnostic names it), or where the layout puts one. */
function configFileOf(context: FixContext, diagnostic: FixedDiagnostic): string {
  return diagnostic.data.targetFile ?? join(context.model.projectDir, 'config', 'packages', 'messenger.yaml');
}

/** Transports a message may go to: not the failure transports (they hold what failed elsewhere). */
function candidateTransports(model: Model): string[] {
  const failure = new Set<string>();
  if (model.config.failureTransport !== undefined) failure.add(model.config.failureTransport);
  for (const transport of model.config.transports.values())
    if (transport.failureTransport !== undefined) failure.add(transport.failureTransport);
  return [...model.config.transports.keys()].filter((name) => !failure.has(name)).slice(0, 5);
}

function newTransportName(model: Model): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? 'async' : `async${n}`;
    if (!model.config.transports.has(name)) return name;
  }
}

/**
 * The routing key of a class, as Symfony users write it: its namespaced name (`App\Message\Sms`)
 * when the autoload map leads back to its module, else the name the registry knows it by.
 */
export function routingKey(model: Model, cls: ClassRef): string {
  const relativeFile = relative(model.projectDir, cls.file).split(sep).join('/');
  const namespaced = moduleToNamespacedName(relativeFile, cls.decl.name, model.autoload);
  if (namespaced !== undefined && cls.decl.exported && !cls.decl.isDefault) {
    const target = namespacedNameToModule(namespaced, model.autoload);
    const module = relativeFile.replace(/\.[cm]?tsx?$/, '');
    if (target?.exportName === cls.decl.name && target.modulePath.replace(/^\.\//, '') === module) return namespaced;
  }
  return model.registry.has(cls) ? model.registry.nameOf(cls) : cls.decl.name;
}
