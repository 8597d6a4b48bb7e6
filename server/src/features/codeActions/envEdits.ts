import { join } from 'node:path';
import type { Model } from '../../analysis/model/assemble.js';

/** The .env file of the project, where Symfony keeps committed defaults. */
export function envFile(model: Model): string {
  return join(model.projectDir, '.env');
}

/** The .env text with `NAME=value` appended (after a comment line, if given). */
export function withVariable(text: string, name: string, value: string, comment?: string): string {
  const lines = `${comment === undefined ? '' : `${comment}\n`}${name}=${value}\n`;
  if (text === '') return lines;
  return text.endsWith('\n') ? `${text}${lines}` : `${text}\n${lines}`;
}

/** A DSN that works with no broker: the embedded SQLite transport, else memory. */
export function defaultDsn(model: Model): string {
  return model.transportFactoryRegistry.schemes().includes('sqlite') ? 'sqlite://var/messenger.db' : 'in-memory://';
}
