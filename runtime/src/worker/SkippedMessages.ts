import type { Envelope } from '../Envelope.js';
import { TransportMessageIdStamp } from '../stamp/TransportMessageIdStamp.js';

/** How many skipped messages a worker remembers between two idle moments. */
const CAPACITY = 10_000;

/**
 * Messages a listener chose not to handle (`shouldHandle(false)`), by transport and id. A
 * receiver that hands the same one back at once (in-memory transports do) has nothing new:
 * the worker goes idle instead of spinning on it. The worker forgets them whenever it is idle,
 * so a message redelivered later is looked at again.
 */
export class SkippedMessages {
  private readonly keys = new Set<string>();

  remember(transportName: string, envelope: Envelope): void {
    const id = envelope.last(TransportMessageIdStamp)?.id;
    if (id === undefined) return;
    if (this.keys.size >= CAPACITY) this.keys.delete(this.keys.values().next().value!);
    this.keys.add(key(transportName, id));
  }

  has(transportName: string, envelope: Envelope): boolean {
    // Checked for every message received: free while nothing was skipped.
    if (this.keys.size === 0) return false;
    const id = envelope.last(TransportMessageIdStamp)?.id;
    return id !== undefined && this.keys.has(key(transportName, id));
  }

  clear(): void {
    this.keys.clear();
  }
}

function key(transportName: string, id: string | number): string {
  return `${transportName}\u0000${id}`;
}
