/** The messages of the failed-message tests' billing app, and handlers that call the app's billing API. */
import { AsMessageHandler } from '../../src/index.js';

export class Invoice {
  constructor(readonly ref: string) {}
}
export class Refund {
  constructor(readonly ref: string) {}
}

/** An invoice handler and a refund handler, both calling `bill` with the message's ref (which throws while the API is down). */
export function billingHandlers(bill: (ref: string) => void): [new () => object, new () => object] {
  @AsMessageHandler(Invoice)
  class InvoiceHandler {
    __invoke(message: Invoice): void {
      bill(message.ref);
    }
  }
  @AsMessageHandler(Refund)
  class RefundHandler {
    __invoke(message: Refund): void {
      bill(message.ref);
    }
  }
  return [InvoiceHandler, RefundHandler];
}
