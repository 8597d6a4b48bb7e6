import { AsMessageHandler } from '@messenger-ts/runtime';
import { SmsNotification } from '../Message/SmsNotification.js';
import type { SmsGateway } from '../Service/SmsGateway.js';

@AsMessageHandler(SmsNotification)
export class SmsNotificationHandler {
  constructor(private readonly gateway: SmsGateway) {}

  __invoke(message: SmsNotification): void {
    // When the gateway is down this throws: the worker retries the message, then sends it to the failure transport.
    this.gateway.send(message.phoneNumber, message.content);
  }
}
