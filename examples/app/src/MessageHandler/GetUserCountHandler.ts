import { AsMessageHandler } from '@messenger-ts/runtime';
import { GetUserCount } from '../Message/Query/GetUserCount.js';
import type { UserRepository } from '../Repository/UserRepository.js';

@AsMessageHandler(GetUserCount, { bus: 'query.bus' })
export class GetUserCountHandler {
  constructor(private readonly users: UserRepository) {}

  __invoke(_query: GetUserCount): number {
    return this.users.count();
  }
}
