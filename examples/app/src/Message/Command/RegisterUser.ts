import type { ConstraintViolation } from '@messenger-ts/runtime';

export class RegisterUser {
  constructor(
    readonly email: string,
    readonly name: string,
  ) {}

  validate(): ConstraintViolation[] {
    return /^[^@\s]+@[^@\s]+$/.test(this.email)
      ? []
      : [{ propertyPath: 'email', message: `"${this.email}" is not a valid email address.` }];
  }
}
