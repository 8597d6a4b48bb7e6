import type { MessageInfo, Model } from '../model/assemble.js';
import { transportSerializes, usesJsonSerializer } from '../model/queries.js';
import { type PayloadProblem, PayloadChecker } from '../model/serializability.js';
import { type Diagnostic, diagnostic } from './types.js';

/**
 * The transports of a message that put it through the JSON serializer. A transport with a
 * serializer service of the application's own has its own rules, which the analysis cannot know.
 */
export function serializingRoutes(model: Model, info: MessageInfo): string[] {
  return info.routes
    .map((r) => r.transport)
    .filter((name) => {
      const transport = model.config.transports.get(name);
      return (
        transport !== undefined && transportSerializes(model, transport) && usesJsonSerializer(model.config, transport)
      );
    });
}

/** A message checked against the serializer's rules, with the files the check read. */
export interface PayloadResult {
  readonly problems: readonly PayloadProblem[];
  readonly files: ReadonlySet<string>;
}

export function checkPayload(model: Model, info: MessageInfo): PayloadResult {
  const checker = new PayloadChecker(model.index, model.registry);
  return { problems: checker.check(info.cls), files: checker.files };
}

/** Messages sent through a serializing transport whose properties it would refuse. */
export function payloadDiagnostics(
  model: Model,
  check: (info: MessageInfo) => PayloadResult = (info) => checkPayload(model, info),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const info of model.messages.values()) {
    // A parent class only named by a routing key is checked through the messages that extend it.
    if (info.origins.size === 1 && info.origins.has('routed')) continue;
    const transports = serializingRoutes(model, info);
    if (transports.length === 0) continue;
    for (const problem of check(info).problems) {
      const what = problem.path === '' ? `${info.typeName} itself` : problem.path;
      const declared =
        problem.at && (problem.at.file !== problem.anchor.file || problem.at.range !== problem.anchor.range)
          ? [{ ...problem.at, message: `${problem.path} is declared here` }]
          : [];
      out.push(
        diagnostic(
          'non-serializable-payload',
          problem.anchor,
          `${info.typeName} is sent to "${transports.join('", "')}", whose serializer cannot carry it: ${what} is ${problem.reason}.`,
          {
            confidence: problem.certainty === 'certain' ? 'certain' : 'probable',
            related: declared,
            data: { className: info.cls.decl.name, classFile: info.cls.file, transport: transports[0]! },
          },
        ),
      );
    }
  }
  return out;
}
