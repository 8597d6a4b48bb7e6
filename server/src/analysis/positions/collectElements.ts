import { at } from '../diagnostics/config.js';
import type { Model } from '../model/assemble.js';
import type { PlacedElement } from './PositionIndex.js';

/** Every element of the model with the place it is written, from the TypeScript facts and messenger.yaml. */
export function* collectElements(model: Model): Generator<PlacedElement> {
  yield* messages(model);
  yield* handlers(model);
  for (const site of model.dispatches) {
    yield { file: site.file, range: site.range, element: { kind: 'dispatch', site } };
    const bus = site.buses?.[0];
    if (site.busOrigin !== undefined && bus !== undefined)
      yield {
        file: site.busOrigin.file,
        range: site.busOrigin.range,
        element: { kind: 'bus', name: bus, role: 'reference' },
      };
  }
  yield* configElements(model);
}

function* messages(model: Model): Generator<PlacedElement> {
  for (const info of model.messages.values()) {
    yield {
      file: info.cls.file,
      range: info.cls.decl.range,
      element: { kind: 'message', cls: info.cls, role: 'definition' },
    };
    for (const { name, range } of info.asMessage?.transportRanges ?? [])
      yield { file: info.cls.file, range, element: { kind: 'transport', name, role: 'reference' } };
  }
}

function* handlers(model: Model): Generator<PlacedElement> {
  for (const def of model.handlerDefs) {
    const file = def.cls.file;
    yield { file, range: def.decoratorRange, element: { kind: 'handler', def, part: 'decorator' } };
    const method = def.cls.decl.methods.find((m) => m.name === def.method);
    if (method !== undefined) yield { file, range: method.range, element: { kind: 'handler', def, part: 'method' } };
    if (def.handles !== undefined && def.handles !== '*' && !def.missingArgument)
      yield { file, range: def.handlesRange, element: { kind: 'message', cls: def.handles, role: 'reference' } };
    const bus = def.optionRanges['bus'];
    if (bus !== undefined && def.bus !== undefined)
      yield { file, range: bus, element: { kind: 'bus', name: def.bus, role: 'reference' } };
    const fromTransport = def.optionRanges['fromTransport'];
    if (fromTransport !== undefined && def.fromTransport !== undefined)
      yield { file, range: fromTransport, element: { kind: 'transport', name: def.fromTransport, role: 'reference' } };
  }
}

function* configElements(model: Model): Generator<PlacedElement> {
  for (const transport of model.config.transports.values())
    yield { ...at(transport.location), element: { kind: 'transport', name: transport.name, role: 'definition' } };
  for (const bus of model.config.buses.values())
    if (bus.location !== undefined)
      yield { ...at(bus.location), element: { kind: 'bus', name: bus.name, role: 'definition' } };
  for (const key of model.routingKeys) {
    yield { ...at(key.rule.location), element: { kind: 'routing-key', key } };
    for (const [index, location] of key.rule.transportLocations.entries()) {
      const name = key.rule.transports[index];
      if (name !== undefined) yield { ...at(location), element: { kind: 'transport', name, role: 'reference' } };
    }
  }
}
