import { EditBuilder, offsetAt, positionAt } from './edits.js';
import type { QuickFix } from './QuickFix.js';

/**
 * A name that names nothing (a transport, a bus, a routing key, an option), replaced by the
 * closest configured one the diagnostic carries: the runtime's own "did you mean".
 */
export const replaceName: QuickFix = {
  id: 'replace-name',
  codes: [
    'unknown-transport',
    'unknown-bus',
    'unknown-handler-bus',
    'unreachable-handler',
    'unknown-message-class',
    'unknown-key',
    'unknown-service',
  ],
  offers(_context, diagnostic) {
    const { unknownName, closestName } = diagnostic.data;
    if (unknownName === undefined || closestName === undefined || unknownName === closestName) return [];
    return [{ title: `Change "${unknownName}" to "${closestName}"`, args: {}, preferred: true }];
  },
  edit(context, diagnostic) {
    const { unknownName, closestName } = diagnostic.data;
    const text = context.read(diagnostic.file);
    if (unknownName === undefined || closestName === undefined || text === undefined) return undefined;
    const start = offsetAt(text, diagnostic.range.start);
    const end = offsetAt(text, diagnostic.range.end);
    // The range may be wider than the name (a quoted string, a whole transport): the name itself, as a whole word.
    const at = findWord(text.slice(start, end), unknownName);
    if (at === undefined) return undefined;
    const from = start + at;
    return new EditBuilder()
      .replace(
        diagnostic.file,
        { start: positionAt(text, from), end: positionAt(text, from + unknownName.length) },
        closestName,
      )
      .build();
  },
};

function findWord(text: string, word: string): number | undefined {
  const isNameChar = (c: string | undefined) => c !== undefined && /[\w.\\-]/.test(c);
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    if (!isNameChar(text[i - 1]) && !isNameChar(text[i + word.length])) return i;
  }
  return undefined;
}
