import type { FailedShowMessageJson } from '../json/schema.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';

type Details = FailedShowMessageJson['message'];

/** A date as Symfony's failed commands show it: `Y-m-d H:i:s`, local time. */
export function shortDate(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** One failed message, as `messenger:failed:show <id>` prints it; `-vv` adds the message and the error's trace. */
export function displayMessage(io: SymfonyStyle, details: Details, verbosity: number): void {
  io.title('Failed Message Details');
  const rows: Array<[string, string]> = [['Class', details.class]];
  if (details.id !== null) rows.push(['Message Id', String(details.id)]);
  if (details.originalTransport === null) {
    io.warning('Message does not appear to have been sent to this transport after failing');
  } else {
    rows.push(
      ['Failed at', shortDate(details.failedAt)],
      ['Error', details.error ?? ''],
      ['Error Code', details.errorCode === null ? '' : String(details.errorCode)],
      ['Error Class', details.errorClass ?? '(unknown)'],
      ['Transport', details.originalTransport],
    );
  }
  io.table(
    [],
    rows.map(([k, v]) => [io.style('info', k), v]),
  );
  io.writeln(' Message history:');
  for (const redelivery of details.redeliveries) {
    io.writeln(`  * Message failed at ${io.style('info', shortDate(redelivery.redeliveredAt))} and was redelivered`);
  }
  io.newLine();
  if (verbosity < 2) {
    if (details.decodingError !== null) io.error(`The message could not be decoded: ${details.decodingError}`);
    io.writeln(` Re-run command with ${io.style('info', '-vv')} to see more message & error details.`);
    return;
  }
  io.title('Message:');
  if (details.decodingError !== null)
    io.error(`The message could not be decoded: ${details.decodingError}\nBelow is its body as stored.`);
  io.writeln(typeof details.body === 'string' ? details.body : JSON.stringify(details.body, null, 2));
  io.title('Stamps:');
  io.writeln(JSON.stringify(details.stamps, null, 2));
  io.title('Exception:');
  if (details.errors.length === 0) {
    io.writeln('(no data)');
    return;
  }
  const last = details.errors[details.errors.length - 1]!;
  io.writeln(`${io.style('error', last.class)} (code ${last.code}): ${last.message}`);
  io.writeln(last.trace || '(no trace)');
  if (details.errors.length > 1) {
    io.newLine();
    io.writeln(' Earlier errors:');
    for (const error of details.errors.slice(0, -1)) io.writeln(`  * ${error.class}: ${error.message}`);
  }
}
