import type { Envelope } from '../Envelope.js';
import { type ConstraintViolation, ValidationFailedException } from '../errors/ValidationFailedException.js';
import { ValidationStamp } from '../stamp/ValidationStamp.js';
import type { Middleware, Stack } from './Middleware.js';

/**
 * Validates messages before they go further. Plug in any validation library through this
 * interface (a zod schema, class-validator, a hand-written check); an empty list means valid.
 */
export interface Validator {
  validate(
    message: object,
    groups?: readonly string[],
  ): readonly ConstraintViolation[] | Promise<readonly ConstraintViolation[]>;
}

/** Throws ValidationFailedException for an invalid message (`validation`); groups come from ValidationStamp. */
export class ValidationMiddleware implements Middleware {
  constructor(private readonly validator: Validator) {}

  async handle(envelope: Envelope, stack: Stack): Promise<Envelope> {
    const groups = envelope.last(ValidationStamp)?.groups;
    const violations = await this.validator.validate(envelope.message, groups);
    if (violations.length > 0) throw new ValidationFailedException(envelope.message, violations);
    return stack.next().handle(envelope, stack);
  }
}
