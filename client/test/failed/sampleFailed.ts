/** What the runtime's failed:show prints (format version 1), for the failed-message tests. */
import type { FailedShowMessageJson } from '@messenger-ts/runtime/contract';

export const summaryJson = {
  id: 5,
  class: 'SmsNotification',
  failedAt: '2026-11-22T07:50:11.196Z',
  error: 'SMS gateway unavailable (HTTP 503)',
  errorClass: 'Error',
  originalTransport: 'async',
  retryCount: 1,
  decodable: true,
} as const;

export const detailsJson: FailedShowMessageJson = {
  version: 1,
  transport: 'failed',
  message: {
    ...summaryJson,
    errorCode: 0,
    trace: 'Error: SMS gateway unavailable (HTTP 503)\n    at SmsGateway.send (src/Service/SmsGateway.ts:9:76)',
    errors: [{ class: 'Error', message: 'SMS gateway unavailable (HTTP 503)', code: 0, trace: 'Error: …' }],
    redeliveries: [
      { retryCount: 1, redeliveredAt: '2026-11-22T07:50:10.188Z' },
      { retryCount: 0, redeliveredAt: '2026-11-22T07:50:11.196Z' },
    ],
    stamps: { 'Symfony\\Component\\Messenger\\Stamp\\BusNameStamp': [{ busName: 'command.bus' }] },
    body: { content: 'Your order has shipped', phoneNumber: '+33600000001' },
    decodingError: null,
  },
};
