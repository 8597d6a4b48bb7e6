import { InvalidArgumentException } from '../errors/MessengerException.js';

/** Validates a numeric option inside the action, so a bad value is reported like any other error (JSON in --format json). */
export function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!(Number.isInteger(number) && number > 0))
    throw new InvalidArgumentException(`Option "${name}" must be a positive integer, "${value}" given.`);
  return number;
}

export function positiveNumber(name: string, value: string): number {
  const number = Number(value);
  if (!(Number.isFinite(number) && number > 0))
    throw new InvalidArgumentException(`Option "${name}" must be a positive number, "${value}" given.`);
  return number;
}
