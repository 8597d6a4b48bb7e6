/** Base class of every error the messenger throws (Symfony's ExceptionInterface). */
export class MessengerException extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Keep the subclass name in stack traces and in ErrorDetailsStamp.
    this.name = new.target.name;
  }
}

export class LogicException extends MessengerException {}
export class RuntimeException extends MessengerException {}
export class InvalidArgumentException extends MessengerException {}
