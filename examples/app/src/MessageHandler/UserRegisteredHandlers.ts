import { AsMessageHandler, type MessageBusInterface } from '@messenger-ts/runtime';
import { UserRegistered } from '../Message/Event/UserRegistered.js';
import { NewUserWelcomeEmail } from '../Message/NewUserWelcomeEmail.js';

/** One class, several handlers: each decorated method handles the event. */
export class UserRegisteredHandlers {
  constructor(private readonly commandBus: MessageBusInterface) {}

  @AsMessageHandler(UserRegistered, { bus: 'event.bus', priority: 10 })
  async sendWelcomeEmail(event: UserRegistered): Promise<void> {
    await this.commandBus.dispatch(new NewUserWelcomeEmail(event.userId));
  }

  @AsMessageHandler(UserRegistered, { bus: 'event.bus' })
  logRegistration(event: UserRegistered): void {
    console.log(`  UserRegisteredHandlers: user #${event.userId} registered at ${event.registeredAt.toISOString()}`);
  }
}
