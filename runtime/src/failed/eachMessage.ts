import type { Envelope } from '../Envelope.js';
import type { ListableReceiver } from '../transport/Transport.js';
import { messageId } from './describeFailed.js';

export const PAGE_SIZE = 100;

/**
 * Every message of a failure transport, read a page at a time, so that a large transport is
 * never loaded into memory at once. Stops on a page that brings nothing new: a receiver that
 * ignores `offset` would otherwise return its first page forever.
 */
export async function* eachMessage(receiver: ListableReceiver, pageSize = PAGE_SIZE): AsyncGenerator<Envelope> {
  const seen = new Set<string>();
  for (let offset = 0; ; offset += pageSize) {
    const page = await receiver.all(pageSize, offset);
    const ids = page
      .map(messageId)
      .filter((id): id is string | number => id !== null)
      .map(String);
    if (offset > 0 && ids.length === page.length && ids.every((id) => seen.has(id))) return;
    for (const id of ids) seen.add(id);
    yield* page;
    if (page.length < pageSize) return;
  }
}
