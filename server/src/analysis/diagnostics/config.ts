import { relative, sep } from 'node:path';
import {
  builtinMiddlewareId,
  type ConfigProblem,
  closestName,
  didYouMean,
  isBuiltinMiddleware,
  isNamespacedName,
  moduleToNamespacedName,
  type SourceLocation,
} from '@messenger-ts/runtime/rules';
import type { Range } from '../facts/types.js';
import type { Model } from '../model/assemble.js';
import { serializerOf, usesJsonSerializer } from '../model/queries.js';
import { type Diagnostic, type DiagnosticData, diagnostic } from './types.js';

/** A config location (1-based lines and columns) as an LSP range. */
export function rangeOf(location: SourceLocation): Range {
  return {
    start: { line: location.line - 1, character: location.column - 1 },
    end: { line: location.endLine - 1, character: location.endColumn - 1 },
  };
}

/** A place in messenger.yaml, as diagnostics take it. */
export function at(location: SourceLocation): { file: string; range: Range } {
  return { file: location.file, range: rangeOf(location) };
}

/**
 * A problem of messenger.yaml as the runtime reports it. An unknown DSN scheme only informs
 * when createMessenger() is given transport factories the analysis cannot read: one of them
 * may well handle it.
 */
export function configProblem(problem: ConfigProblem, model: Model): Diagnostic {
  if (problem.code !== 'unknown-dsn-scheme' || model.transportFactories?.complete !== false)
    return diagnostic(problem.code, at(problem.location), problem.message, { data: namesOf(problem) });
  return diagnostic(
    problem.code,
    at(problem.location),
    `${problem.message} createMessenger({ transportFactories }) may provide it, but the analysis cannot read which schemes those factories handle (write each factory's \`schemes\` as a list of strings).`,
    { confidence: 'possible' },
  );
}

/** The unknown name and its closest match, for the quick-fix that replaces it (an env variable: the fix defines it in .env). */
function namesOf(problem: ConfigProblem): DiagnosticData | undefined {
  if (problem.unknownName === undefined) return undefined;
  return {
    unknownName: problem.unknownName,
    ...(problem.closestName === undefined ? {} : { closestName: problem.closestName }),
    targetFile: problem.location.file,
  };
}

/**
 * What createMessenger() itself refuses once the YAML reads fine: routing keys naming no
 * registered class, middleware, serializers and retry strategies that were not provided. The
 * same codes and places the runtime reports, so `messenger check` and a failing `messenger debug` agree.
 */
export function applicationProblems(model: Model): Diagnostic[] {
  return [...routingProblems(model), ...middlewareProblems(model), ...serviceProblems(model)];
}

function routingProblems(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = model.registry.classes().map((cls) => model.registry.nameOf(cls));
  let namespaced: string[] | undefined;
  for (const { rule, resolution } of model.routingKeys) {
    if (resolution.kind !== 'unknown' && resolution.kind !== 'ambiguous') continue;
    const code = resolution.kind === 'unknown' ? 'unknown-message-class' : 'ambiguous-message-class';
    // A namespaced key is closest to another namespaced key: those of the project's exported classes.
    const closest = isNamespacedName(rule.message)
      ? closestName(rule.message, (namespaced ??= namespacedNames(model)))
      : closestName(rule.message, names);
    out.push(
      diagnostic(code, at(rule.location), resolution.message, {
        data: {
          unknownName: rule.message,
          targetFile: rule.location.file,
          ...(closest === undefined ? {} : { closestName: closest }),
        },
      }),
    );
  }
  return out;
}

/** `App\Message\Sms` for each exported class, as the autoload map names it (a routing key may name any of them). */
function namespacedNames(model: Model): string[] {
  const out: string[] = [];
  for (const cls of model.index.classes.values()) {
    if (!cls.decl.exported || cls.decl.isDefault) continue;
    const relativeFile = relative(model.projectDir, cls.file).split(sep).join('/');
    const name = moduleToNamespacedName(relativeFile, cls.decl.name, model.autoload);
    if (name !== undefined) out.push(name);
  }
  return out;
}

/** As buildMiddleware resolves them: a provided service first, then the runtime's own middleware. */
function middlewareProblems(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const provided = model.provided.middleware;
  if (provided === undefined) return out;
  for (const bus of model.config.buses.values()) {
    for (const config of bus.middleware) {
      const id = builtinMiddlewareId(config.id);
      if (provided.includes(config.id) || provided.includes(id)) continue;
      let message: string | undefined;
      if (id === 'validation') {
        if (!model.provided.validator)
          message = `Bus "${bus.name}" uses the "validation" middleware but no validator was given: pass createMessenger({ validator }).`;
      } else if (!isBuiltinMiddleware(id)) {
        message = `Middleware "${config.id}" of bus "${bus.name}" is not available${didYouMean(config.id, provided)}. Register it with createMessenger({ middleware: { '${config.id}': … } }).`;
      }
      if (message === undefined) continue;
      const closest = closestName(config.id, provided);
      out.push(
        diagnostic('unknown-service', at(config.location), message, {
          data: {
            unknownName: config.id,
            bus: bus.name,
            ...(closest === undefined ? {} : { closestName: closest }),
            ...(model.bootstrap === undefined ? {} : { targetFile: model.bootstrap.file }),
          },
        }),
      );
    }
  }
  return out;
}

/** Serializers (buildTransports) and retry strategies (buildRetryStrategies) named in messenger.yaml must be given as services. */
function serviceProblems(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const services = model.provided.services;
  if (services === undefined) return out;
  const missing = (id: string, transport: string) => ({
    data: {
      unknownName: id,
      transport,
      ...(model.bootstrap === undefined ? {} : { targetFile: model.bootstrap.file }),
    },
  });
  for (const transport of model.config.transports.values()) {
    const retry = transport.retryStrategy.service;
    if (retry !== undefined && !services.includes(retry)) {
      out.push(
        diagnostic(
          'unknown-service',
          at(transport.location),
          `Retry strategy "${retry}" of transport "${transport.name}" is not available: pass an object with isRetryable() and getWaitingTime() in createMessenger({ services: { '${retry}': … } }).`,
          missing(retry, transport.name),
        ),
      );
    }
    const serializer = serializerOf(model.config, transport);
    if (!usesJsonSerializer(model.config, transport) && !services.includes(serializer)) {
      out.push(
        diagnostic(
          'unknown-service',
          at(transport.location),
          `Serializer "${serializer}" of transport "${transport.name}" is not available: pass an object with encode() and decode() in createMessenger({ services: { '${serializer}': … } }).`,
          missing(serializer, transport.name),
        ),
      );
    }
  }
  return out;
}
