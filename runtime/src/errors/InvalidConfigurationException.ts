import type { SourceLocation } from '../config/SourceLocation.js';
import { InvalidArgumentException } from './MessengerException.js';

/** Stable codes for configuration problems; the language server reports them as diagnostic codes. */
export type ConfigProblemCode =
  | 'yaml-syntax'
  | 'unreadable-file'
  | 'dotenv-syntax'
  | 'unknown-key'
  | 'invalid-value'
  | 'missing-value'
  | 'unknown-transport'
  | 'unknown-bus'
  | 'invalid-dsn'
  | 'unknown-dsn-scheme'
  | 'transport-not-available'
  | 'unknown-transport-option'
  | 'invalid-transport-option'
  | 'env-not-found'
  | 'invalid-placeholder'
  | 'invalid-retry-strategy'
  | 'unknown-message-class'
  | 'ambiguous-message-class'
  | 'unknown-service'
  | 'deprecated-option'
  | 'unsupported-option';

/** One thing wrong in the configuration, with where it is and the key at fault. */
export interface ConfigProblem {
  readonly code: ConfigProblemCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Dotted path of the offending key, e.g. `framework.messenger.routing.App\Message\Sms`. */
  readonly path: string;
  readonly location: SourceLocation;
}

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
