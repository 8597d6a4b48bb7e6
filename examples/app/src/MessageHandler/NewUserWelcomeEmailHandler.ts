import { AsMessageHandler } from '@messenger-ts/runtime';
import { NewUserWelcomeEmail } from '../Message/NewUserWelcomeEmail.js';
import type { UserRepository } from '../Repository/UserRepository.js';

@AsMessageHandler(NewUserWelcomeEmail, { fromTransport: 'sync' })
export class NewUserWelcomeEmailHandler {
  constructor(private readonly users: UserRepository) {}

  __invoke(message: NewUserWelcomeEmail): void {
    const user = this.users.find(message.userId);
    console.log(`  NewUserWelcomeEmailHandler: welcome email to ${user?.email ?? `unknown user #${message.userId}`}`);
  }
}
