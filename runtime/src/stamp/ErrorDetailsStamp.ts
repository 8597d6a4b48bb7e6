import { HandlerFailedException } from '../errors/HandlerFailedException.js';
import { Stamp } from './Stamp.js';
import { errorClassName } from '../support/errorMessage.js';
import { isObject, stringField, stringOrNumberField, type StampJson } from './stampJson.js';

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

  static fromJSON(json: StampJson): ErrorDetailsStamp {
    const flat = json['flattenException'];
    return new ErrorDetailsStamp(
      stringField(json, 'exceptionClass'),
      stringOrNumberField(json, 'exceptionCode'),
      stringField(json, 'exceptionMessage'),
      flat === undefined || flat === null ? undefined : flattenFromJson(flat, 'flattenException'),
    );
  }

  equals(other: ErrorDetailsStamp | undefined): boolean {
    return (
      other !== undefined &&
      other.exceptionClass === this.exceptionClass &&
      other.exceptionCode === this.exceptionCode &&
      other.exceptionMessage === this.exceptionMessage
    );
  }
}

function flatten(error: unknown, depth = 0): FlattenException {
  if (!(error instanceof Error)) {
    return { class: typeof error, message: String(error), code: 0, traceAsString: '' };
  }
  const code = (error as { code?: unknown }).code;
  const previous = error.cause !== undefined && depth < 8 ? flatten(error.cause, depth + 1) : undefined;
  return {
    class: errorClassName(error),
    message: error.message,
    code: typeof code === 'string' || typeof code === 'number' ? code : 0,
    traceAsString: error.stack ?? '',
    ...(previous ? { previous } : {}),
  };
}

/** Keeps the known fields of a FlattenException from the wire, type-checked (Symfony's carries more; they are not used). */
function flattenFromJson(value: unknown, where: string, depth = 0): FlattenException {
  if (!isObject(value) || depth > 8) throw new TypeError(`"${where}" must be an object (nested at most 8 deep)`);
  const previous = value['previous'];
  const trace = value['traceAsString'] ?? value['trace_as_string'] ?? '';
  if (typeof trace !== 'string') throw new TypeError(`"${where}.traceAsString" must be a string`);
  return {
    class: stringField(value, 'class'),
    message: stringField(value, 'message'),
    code: stringOrNumberField(value, 'code'),
    traceAsString: trace,
    ...(previous === undefined || previous === null
      ? {}
      : { previous: flattenFromJson(previous, `${where}.previous`, depth + 1) }),
  };
}
