import { didYouMean } from '../config/didYouMean.js';

/** What `getBus(name)` throws for a bus that is not configured; the static analysis reports the same words at the call. */
export function unknownBusMessage(name: string, known: Iterable<string>): string {
  const buses = [...known];
  return `Bus "${name}" does not exist${didYouMean(name, buses)}. Known buses are "${buses.join('", "')}".`;
}
