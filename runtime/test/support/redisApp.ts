import { randomBytes } from 'node:crypto';
import { createMessenger, type Messenger, type MessengerOptions } from '../../src/index.js';
import { REDIS_URL } from './redis.js';
import { messengerYaml, tempProject } from './tempProject.js';

/** Stream names unique to this process and call (other engineers' tests share the server). */
export function uniqueStream(prefix = 'test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * A messenger whose messenger.yaml body is `yaml`, where `%redis(stream)%` stands for the DSN
 * of that stream on the test server (`%redis(stream, k=v&k2=v2)%` adds a query).
 */
export async function messengerOnRedis(
  yaml: string,
  options: Omit<MessengerOptions, 'projectDir' | 'configFile'> = {},
  projectDir: string = tempProject(),
): Promise<Messenger> {
  const text = yaml.replace(
    /%redis\(([\w-]+)(?:,\s*([^)]*))?\)%/g,
    (_all, stream: string, query?: string) => `'${REDIS_URL}/${stream}${query ? `?${query}` : ''}'`,
  );
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(`${projectDir}/config/packages`, { recursive: true });
  writeFileSync(`${projectDir}/config/packages/messenger.yaml`, messengerYaml(text));
  return createMessenger({ processEnv: {}, ...options, projectDir });
}
