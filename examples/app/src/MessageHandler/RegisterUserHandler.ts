import { AsMessageHandler, DispatchAfterCurrentBusStamp, type MessageBusInterface } from '@messenger-ts/runtime';
import { RegisterUser } from '../Message/Command/RegisterUser.js';
import { UserRegistered } from '../Message/Event/UserRegistered.js';
import type { UserRepository } from '../Repository/UserRepository.js';

@AsMessageHandler(RegisterUser, { bus: 'command.bus' })
export class RegisterUserHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly eventBus: MessageBusInterface,
  ) {}

  async __invoke(command: RegisterUser): Promise<number> {
    const user = this.users.add(command.email, command.name);
    console.log(`  RegisterUserHandler: registered ${user.name} as user #${user.id}`);
    // Goes out only once this handler has succeeded.
    await this.eventBus.dispatch(new UserRegistered(user.id, new Date()), [new DispatchAfterCurrentBusStamp()]);
    return user.id;
  }
}
