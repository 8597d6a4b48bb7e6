export class SmsNotification {
  constructor(
    readonly content: string,
    readonly phoneNumber: string,
  ) {}
}
