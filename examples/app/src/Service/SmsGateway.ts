import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Stands in for an SMS provider's API. It is "down" until the file var/sms-gateway-up exists,
 * so the demo can show retries, the failure transport, and a retry that succeeds.
 */
export class SmsGateway {
  constructor(private readonly projectDir: string) {}

  static upFlag(projectDir: string): string {
    return join(projectDir, 'var', 'sms-gateway-up');
  }

  send(phoneNumber: string, content: string): void {
    if (!existsSync(SmsGateway.upFlag(this.projectDir))) throw new Error('SMS gateway unavailable (HTTP 503)');
    console.log(`  SmsGateway: SMS to ${phoneNumber}: "${content}"`);
  }
}
