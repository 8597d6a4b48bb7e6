import { AsMessageHandler } from '@messenger-ts/runtime';
import { SmsNotification } from '../Message/SmsNotification.js';

@AsMessageHandler(SmsNotification)
export class SmsNotificationHandler {
  __invoke(message: SmsNotification): void {
    console.log(`  SmsNotificationHandler: SMS to ${message.phoneNumber}: "${message.content}"`);
  }
}
