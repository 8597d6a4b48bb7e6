import { InvalidArgumentException } from './MessengerException.js';

/**
 * A transport factory refused one of its options (a bad table_name, a negative timeout). It
 * names the option so that the error can point at that key in messenger.yaml.
 */
export class InvalidTransportOptionException extends InvalidArgumentException {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}
