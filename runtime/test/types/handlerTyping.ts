import { AsMessageHandler } from '../../src/index.js';

abstract class Notification {
  constructor(readonly text: string) {}
}
class SmsNotification extends Notification {
  readonly phoneNumber = '+33600000000';
}
class EmailNotification extends Notification {
  readonly address = 'ada@example.com';
}

// Accepted: the parameter takes the message class…
@AsMessageHandler(SmsNotification)
export class SmsHandler {
  __invoke(_message: SmsNotification): void {}
}

// …or one of its parents (a Notification handler can take an SmsNotification).
@AsMessageHandler(SmsNotification, { priority: 10, fromTransport: 'async', bus: 'command.bus' })
export class AnyNotificationHandler {
  __invoke(_message: Notification): void {}
}

// Rejected: the parameter cannot take an SmsNotification.
// @ts-expect-error EmailNotification is not an SmsNotification
@AsMessageHandler(SmsNotification)
export class WrongMessageHandler {
  __invoke(_message: EmailNotification): void {}
}

// Rejected: a parent-class message does not fit a child-class parameter.
// @ts-expect-error a Notification may not be an SmsNotification
@AsMessageHandler(Notification)
export class TooNarrowHandler {
  __invoke(_message: SmsNotification): void {}
}

// The `method` option names the method that must accept the message.
@AsMessageHandler(SmsNotification, { method: 'onSms' })
export class NamedMethodHandler {
  onSms(_message: SmsNotification): void {}
}

// @ts-expect-error there is no onSms method
@AsMessageHandler(SmsNotification, { method: 'onSms' })
export class MissingMethodHandler {
  __invoke(_message: SmsNotification): void {}
}

// @ts-expect-error without `method`, the handler must have __invoke
@AsMessageHandler(SmsNotification)
export class NoInvokeHandler {
  handle(_message: SmsNotification): void {}
}

export class MethodHandlers {
  @AsMessageHandler(SmsNotification)
  onSms(_message: SmsNotification): void {}

  @AsMessageHandler(EmailNotification)
  async onEmail(_message: EmailNotification): Promise<string> {
    return 'sent';
  }

  // @ts-expect-error this method takes emails, not SMS
  @AsMessageHandler(SmsNotification)
  onWrong(_message: EmailNotification): void {}
}

export class BadOptions {
  // @ts-expect-error priority is a number
  @AsMessageHandler(SmsNotification, { priority: 'high' })
  onSms(_message: SmsNotification): void {}
}

export class NoMessageClass {
  // @ts-expect-error the message class is required: types are erased at run time
  @AsMessageHandler()
  onSms(_message: SmsNotification): void {}
}
