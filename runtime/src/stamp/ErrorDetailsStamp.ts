import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { Stamp } from './Stamp.js';

/** A serializable picture of an error: class, message, code and trace, with its causes. */
export interface FlattenException {
  readonly class: string;
  readonly message: string;
  readonly code: string | number;
  readonly traceAsString: string;
  readonly previous?: FlattenException;
}

/** Records why handling failed; one is added per failure, so the history survives retries. */
export class ErrorDetailsStamp extends Stamp {
  constructor(
    readonly exceptionClass: string,
    readonly exceptionCode: string | number,
    readonly exceptionMessage: string,
    readonly flattenException?: FlattenException,
  ) {
    super();
  }

  static create(error: unknown): ErrorDetailsStamp {
    // The wrapper says "handling X failed"; the cause is what the user needs to see.
    const cause = error instanceof HandlerFailedException ? (error.cause ?? error) : error;
    const flat = flatten(cause);
    return new ErrorDetailsStamp(flat.class, flat.code, flat.message, flat);
  }

  equals(other: ErrorDetailsStamp | undefined): boolean {
    return other !== undefined
      && other.exceptionClass === this.exceptionClass
      && other.exceptionCode === this.exceptionCode
      && other.exceptionMessage === this.exceptionMessage;
  }
}

function flatten(error: unknown, depth = 0): FlattenException {
  if (!(error instanceof Error)) {
    return { class: typeof error, message: String(error), code: 0, traceAsString: '' };
  }
  const code = (error as { code?: unknown }).code;
  const previous = error.cause !== undefined && depth < 8 ? flatten(error.cause, depth + 1) : undefined;
  return {
    class: error.name || error.constructor.name,
    message: error.message,
    code: typeof code === 'string' || typeof code === 'number' ? code : 0,
    traceAsString: error.stack ?? '',
    ...(previous ? { previous } : {}),
  };
}
