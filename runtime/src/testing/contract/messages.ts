import { Envelope } from '../../Envelope.js';
import type { Stamp } from '../../stamp/Stamp.js';
import { MessageTypeRegistry } from '../../message/MessageTypeRegistry.js';
import { JsonSerializer } from '../../transport/serialization/JsonSerializer.js';
import type { Serializer } from '../../transport/serialization/Serializer.js';

/** The message the contract suite sends: a line of text. */
export class ContractNote {
  constructor(readonly text: string) {}
}

/** The JSON serializer of an application that knows ContractNote. */
export function contractSerializer(): Serializer {
  return new JsonSerializer(new MessageTypeRegistry([ContractNote]));
}

export const note = (text: string, stamps: readonly Stamp[] = []): Envelope =>
  Envelope.wrap(new ContractNote(text), stamps);

/** The texts of the notes received, in order (an envelope that is not a note shows its type). */
export function texts(envelopes: readonly Envelope[]): string[] {
  return envelopes.map((e) => (e.message instanceof ContractNote ? e.message.text : `<${e.message.constructor.name}>`));
}
