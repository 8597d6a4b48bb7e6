import { InvalidArgumentException } from '../errors/MessengerException.js';
import type { Logger } from '../log/Logger.js';
import { errorMessage } from '../support/errorMessage.js';
import { isKeepaliveReceiver, isLoggerAwareReceiver, type Receiver } from '../transport/Transport.js';

/**
 * What a worker does with its receivers before it receives anything: refuse a keepalive
 * interval a transport cannot honour (messages would be handled twice), and hand its logger to
 * the receivers that have something to log (a lost connection and its recovery).
 */
export function prepareReceivers(
  receivers: ReadonlyMap<string, Receiver>,
  options: { readonly keepalive?: number | undefined; readonly logger?: Logger | undefined },
): void {
  for (const [name, receiver] of receivers) {
    if (options.keepalive !== undefined && isKeepaliveReceiver(receiver)) {
      try {
        receiver.checkKeepaliveInterval?.(options.keepalive);
      } catch (error) {
        throw new InvalidArgumentException(`Transport "${name}": ${errorMessage(error)}`, { cause: error });
      }
    }
    if (options.logger !== undefined && isLoggerAwareReceiver(receiver)) receiver.setLogger(options.logger);
  }
}
