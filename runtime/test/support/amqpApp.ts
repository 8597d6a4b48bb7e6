import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createMessenger, type Messenger, type MessengerOptions } from '../../src/index.js';
import { AMQP_URL } from './amqp.js';
import { messengerYaml, tempProject } from './tempProject.js';

/** Exchange and queue names unique to this process and call (other tests share the broker). */
export function uniqueName(prefix = 'test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * A messenger whose messenger.yaml body is `yaml`, where `%amqp(exchange)%` stands for the DSN
 * of that exchange on the test broker's vhost "/" (`%amqp(exchange, k=v)%` adds a query).
 */
export async function messengerOnAmqp(
  yaml: string,
  options: Omit<MessengerOptions, 'projectDir' | 'configFile'> = {},
  baseUrl: string = AMQP_URL,
): Promise<Messenger> {
  const text = yaml.replace(
    /%amqp\(([\w-]+)(?:,\s*([^)]*))?\)%/g,
    (_all, exchange: string, query?: string) =>
      `'${baseUrl}/${baseUrl === AMQP_URL ? '%2f/' : ''}${exchange}${query ? `?${query}` : ''}'`,
  );
  const projectDir = tempProject();
  mkdirSync(`${projectDir}/config/packages`, { recursive: true });
  writeFileSync(`${projectDir}/config/packages/messenger.yaml`, messengerYaml(text));
  return createMessenger({ processEnv: {}, ...options, projectDir });
}
