import { type ConfigProblem, didYouMean, type SourceLocation } from '@messenger-ts/runtime';
import type { Range } from '../facts/types.js';
import type { Model } from '../model/assemble.js';
import type { Diagnostic } from './types.js';

/** A config location (1-based lines and columns) as an LSP range. */
export function rangeOf(location: SourceLocation): Range {
  return {
    start: { line: location.line - 1, character: location.column - 1 },
    end: { line: location.endLine - 1, character: location.endColumn - 1 },
  };
}

export function configProblem(problem: ConfigProblem): Diagnostic {
  return { file: problem.location.file, range: rangeOf(problem.location), severity: problem.severity, code: problem.code, message: problem.message };
}

const BUILTIN_MIDDLEWARE = new Set(['add_bus_name_stamp_middleware', 'dispatch_after_current_bus', 'failed_message_processing_middleware', 'send_message', 'handle_message']);
const JSON_SERIALIZERS = new Set(['messenger.transport.symfony_serializer', 'messenger.transport.native_php_serializer']);

/**
 * What createMessenger() itself refuses once the YAML reads fine: routing keys naming no
 * registered class, middleware and serializers that were not provided. The same codes the
 * runtime reports, so `messenger check` and a failing `messenger debug` agree.
 */
export function applicationProblems(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { rule, resolution } of model.routingKeys) {
    if (resolution.k === 'unknown') out.push({ file: rule.location.file, range: rangeOf(rule.location), severity: 'error', code: 'unknown-message-class', message: resolution.message });
    if (resolution.k === 'ambiguous') out.push({ file: rule.location.file, range: rangeOf(rule.location), severity: 'error', code: 'ambiguous-message-class', message: resolution.message });
  }
  const middleware = model.provided.middleware;
  for (const bus of model.config.buses.values()) {
    for (const config of bus.middleware) {
      const id = config.id.replace(/^messenger\.middleware\./, '');
      if (middleware === undefined || middleware.includes(config.id) || middleware.includes(id) || BUILTIN_MIDDLEWARE.has(id)) continue;
      let message: string | undefined;
      if (id === 'validation') {
        if (!model.provided.validator) message = `Bus "${bus.name}" uses the "validation" middleware but no validator was given: pass createMessenger({ validator }).`;
      } else {
        message = `Middleware "${config.id}" of bus "${bus.name}" is not available${didYouMean(config.id, middleware)}. Register it with createMessenger({ middleware: { '${config.id}': … } }).`;
      }
      if (message !== undefined) out.push({ file: config.location.file, range: rangeOf(config.location), severity: 'error', code: 'unknown-service', message });
    }
  }
  const services = model.provided.services;
  for (const transport of model.config.transports.values()) {
    const id = transport.serializer ?? model.config.serializer.defaultSerializer;
    if (services === undefined || JSON_SERIALIZERS.has(id) || services.includes(id)) continue;
    out.push({ file: transport.location.file, range: rangeOf(transport.location), severity: 'error', code: 'unknown-service', message: `Serializer "${id}" of transport "${transport.name}" is not available: pass an object with encode() and decode() in createMessenger({ services: { '${id}': … } }).` });
  }
  return out;
}
