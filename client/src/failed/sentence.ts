/** Ends a message with a full stop, unless it ends with one already (an error's own text often does): never "..". */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
