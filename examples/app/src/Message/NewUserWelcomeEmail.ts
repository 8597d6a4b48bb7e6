/** Carries the user's id, not the user: the handler loads fresh data. */
export class NewUserWelcomeEmail {
  constructor(readonly userId: number) {}
}
