import { EditBuilder, offsetAt, positionAt } from './edits.js';
import type { QuickFix } from './QuickFix.js';

/**
 * A handler bound with `fromTransport` to a transport its message is never sent to: bound
 * instead to one the message is routed to (the other fix being a routing change).
 */
export const bindHandler: QuickFix = {
  id: 'bind-handler',
  codes: ['unreachable-handler'],
  offers(context, diagnostic) {
    const { className, classFile, transport } = diagnostic.data;
    if (className === undefined || classFile === undefined || transport === undefined) return [];
    const cls = context.model.index.classNamed(classFile, className);
    const info = cls === undefined ? undefined : context.model.messages.get(cls.key);
    return (info?.routes ?? [])
      .filter((route) => route.transport !== transport)
      .map((route) => ({ title: `Change fromTransport to "${route.transport}"`, args: { to: route.transport } }));
  },
  edit(context, diagnostic, args) {
    const from = diagnostic.data.transport;
    const to = args['to'];
    const text = context.read(diagnostic.file);
    if (from === undefined || to === undefined || text === undefined) return undefined;
    const start = offsetAt(text, diagnostic.range.start);
    const end = offsetAt(text, diagnostic.range.end);
    // The range is the option's value: the quoted name.
    const at = text.slice(start, end).search(new RegExp(`(['"\`])${escapeRegExp(from)}\\1`));
    if (at === -1) return undefined;
    const nameStart = start + at + 1;
    return new EditBuilder()
      .replace(
        diagnostic.file,
        { start: positionAt(text, nameStart), end: positionAt(text, nameStart + from.length) },
        to,
      )
      .build();
  },
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
