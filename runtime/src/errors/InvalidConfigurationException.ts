import type { SourceLocation } from '../config/SourceLocation.js';
import { InvalidArgumentException } from './MessengerException.js';

/**
 * Stable codes for configuration problems, with their severity: an error stops createMessenger(),
 * a warning is only reported. The language server publishes them as diagnostic codes with this
 * severity by default (see @messenger-ts/server/protocol).
 */
export const CONFIG_PROBLEM_SEVERITIES = {
  'yaml-syntax': 'error',
  'unreadable-file': 'error',
  'dotenv-syntax': 'error',
  'dotenv-command-not-run': 'warning',
  'ignored-config-file': 'warning',
  'unknown-key': 'error',
  'invalid-value': 'error',
  'missing-value': 'error',
  'unknown-transport': 'error',
  'unknown-bus': 'error',
  'invalid-dsn': 'error',
  'unknown-dsn-scheme': 'error',
  'transport-not-available': 'warning',
  'unknown-transport-option': 'error',
  'invalid-transport-option': 'error',
  'env-not-found': 'error',
  'invalid-placeholder': 'error',
  'invalid-retry-strategy': 'error',
  'unknown-message-class': 'error',
  'ambiguous-message-class': 'error',
  'unknown-service': 'error',
  'deprecated-option': 'warning',
  'unsupported-option': 'warning',
} as const satisfies Record<string, 'error' | 'warning'>;

export type ConfigProblemCode = keyof typeof CONFIG_PROBLEM_SEVERITIES;

type Severities = typeof CONFIG_PROBLEM_SEVERITIES;

/** The codes of one severity. */
export type ConfigProblemCodeOf<S extends 'error' | 'warning'> = {
  [C in ConfigProblemCode]: Severities[C] extends S ? C : never;
}[ConfigProblemCode];

/** One thing wrong in the configuration, with where it is and the key at fault; its severity is its code's. */
export type ConfigProblem = {
  [C in ConfigProblemCode]: {
    readonly code: C;
    readonly severity: Severities[C];
    readonly message: string;
    /** Dotted path of the offending key, e.g. `framework.messenger.routing.App\Message\Sms`. */
    readonly path: string;
    readonly location: SourceLocation;
    /** A name that names nothing (a transport, a bus, an environment variable): what a quick-fix replaces or defines. */
    readonly unknownName?: string;
    /** The configured name closest to `unknownName`, if one is close enough. */
    readonly closestName?: string;
  };
}[ConfigProblemCode];

export function formatConfigProblem(problem: ConfigProblem): string {
  return `${problem.location.file}:${problem.location.line}:${problem.location.column}: ${problem.message}`;
}

/** The messenger configuration is wrong; every error found is listed with its file:line:column. */
export class InvalidConfigurationException extends InvalidArgumentException {
  constructor(readonly problems: readonly ConfigProblem[]) {
    const lines = problems.map(formatConfigProblem);
    super(
      problems.length === 1
        ? `Invalid messenger configuration: ${lines[0]}`
        : `Invalid messenger configuration (${problems.length} problems):\n  ${lines.join('\n  ')}`,
    );
  }
}
