import {
  applicationTransportFactories,
  type ConfigReadResult,
  readMessengerConfig,
  type TransportFactory,
  type TransportFactoryRegistry,
} from '@messenger-ts/runtime/rules';
import type { FileReader } from '../project/files.js';

export interface ConfigInput {
  readonly projectDir: string;
  readonly env: string | undefined;
  /** The config file, relative to the project or absolute; the runtime's default when undefined. */
  readonly file: string | undefined;
  /** DSN schemes the application's own transport factories handle. */
  readonly schemes: readonly string[];
}

/**
 * Reads messenger.yaml with the runtime's reader, as createMessenger() would: the same file,
 * and the application's transport factories registered after the built-in ones (as stand-ins:
 * their schemes are known, their options are not, so any option is accepted).
 */
export function readConfig(input: ConfigInput, reader: FileReader): ConfigReadResult {
  return readMessengerConfig({
    projectDir: input.projectDir,
    env: input.env,
    ...(input.file === undefined ? {} : { file: input.file }),
    // The editor's environment is not the application's: only .env files count.
    processEnv: {},
    readFile: (path) => reader.read(path),
    transportFactories: transportFactoriesOf(input.schemes),
  });
}

/** The application's transport factories as createMessenger() builds them, its own ones as stand-ins. */
export function transportFactoriesOf(schemes: readonly string[]): TransportFactoryRegistry {
  return applicationTransportFactories(schemes.length === 0 ? [] : [standIn(schemes)]);
}

function standIn(schemes: readonly string[]): TransportFactory {
  return {
    schemes,
    label: 'custom',
    options: {},
    ignoresUnknownOptions: true,
    createTransport: () => {
      throw new Error('The static analysis never creates transports.');
    },
  };
}
