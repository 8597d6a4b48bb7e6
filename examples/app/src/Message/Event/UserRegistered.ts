export class UserRegistered {
  constructor(
    readonly userId: number,
    readonly registeredAt: Date,
  ) {}
}
