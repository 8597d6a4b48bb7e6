import { InvalidArgumentException } from './MessengerException.js';

/**
 * A DSN that does not parse. The DSN itself is never part of the message: where it does not
 * parse, nothing tells its password from the rest. `reason` says what is wrong, so that
 * callers can name where the DSN came from instead (an env var, a line of messenger.yaml).
 */
export class InvalidDsnException extends InvalidArgumentException {
  constructor(readonly reason: string) {
    super(`Invalid DSN (not shown, as it may hold a password): ${reason}.`);
  }
}
