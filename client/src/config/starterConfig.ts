/**
 * The messenger.yaml that "Messenger: Create messenger.yaml" writes: the shape of Symfony's
 * recipe (an async transport from the environment, a failure transport, a commented routing
 * example), with this port's DSNs. A unit test loads it with the runtime's config reader.
 */
import { DEFAULT_CONFIG_FILE } from '@messenger-ts/runtime/layout';

export const STARTER_CONFIG_PATH = DEFAULT_CONFIG_FILE;

export const STARTER_DSN_VARIABLE = 'MESSENGER_TRANSPORT_DSN';
const STARTER_DSN = 'sqlite://var/messenger.db';

export function starterConfig(): string {
  return `framework:
    messenger:
        # Messages that failed all their retries are kept here; see them in the Failed Messages view.
        failure_transport: failed

        transports:
            # The DSN comes from .env: ${STARTER_DSN_VARIABLE}=…
            async:
                dsn: '%env(${STARTER_DSN_VARIABLE})%'
                retry_strategy:
                    max_retries: 3
                    # milliseconds
                    delay: 1000
                    multiplier: 2
            failed: '${STARTER_DSN}?queue_name=failed'
            sync: 'sync://'

        routing:
            # Route your messages to the transports:
            # 'App\\Message\\YourMessage': async
`;
}

/**
 * The lines to append to .env so the starter config resolves, or undefined when the
 * variable is already defined there (Symfony's recipe adds the same block).
 */
export function starterDotenvAddition(existingDotenv: string | undefined): string | undefined {
  if (
    existingDotenv !== undefined &&
    new RegExp(`^\\s*(export\\s+)?${STARTER_DSN_VARIABLE}\\s*=`, 'm').test(existingDotenv)
  )
    return undefined;
  const separator = existingDotenv === undefined || existingDotenv === '' || existingDotenv.endsWith('\n') ? '' : '\n';
  return `${separator}###> messenger-ts ###\n${STARTER_DSN_VARIABLE}=${STARTER_DSN}\n###< messenger-ts ###\n`;
}
