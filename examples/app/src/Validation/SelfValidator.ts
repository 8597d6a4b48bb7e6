import type { ConstraintViolation, Validator } from '@messenger-ts/runtime';

/** Asks each message to validate itself; plug zod or class-validator in the same way. */
export class SelfValidator implements Validator {
  validate(message: object): readonly ConstraintViolation[] {
    const validate = (message as { validate?: () => ConstraintViolation[] }).validate;
    return typeof validate === 'function' ? validate.call(message) : [];
  }
}
