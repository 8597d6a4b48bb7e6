export interface User {
  readonly id: number;
  readonly email: string;
  readonly name: string;
}

/** Stands in for a database. */
export class UserRepository {
  private readonly users = new Map<number, User>();

  add(email: string, name: string): User {
    const user = { id: this.users.size + 1, email, name };
    this.users.set(user.id, user);
    return user;
  }

  find(id: number): User | undefined {
    return this.users.get(id);
  }

  count(): number {
    return this.users.size;
  }
}
