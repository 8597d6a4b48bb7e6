/**
 * Readers for the fields of a stamp decoded from the wire (its `fromJSON`): a header can hold
 * anything, so each reader checks one field's type and names the field when it is wrong. The
 * TypeError they throw becomes a MessageDecodingFailedException naming the stamp.
 */
export type StampJson = Readonly<Record<string, unknown>>;

export function stringField(json: StampJson, key: string): string {
  const value = json[key];
  if (typeof value !== 'string') wrong(key, 'a string', value);
  return value;
}

export function integerField(json: StampJson, key: string, min = Number.MIN_SAFE_INTEGER): number {
  const value = json[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    wrong(key, min === 0 ? 'an integer >= 0' : 'an integer', value);
  return value;
}

export function stringOrNumberField(json: StampJson, key: string): string | number {
  const value = json[key];
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
    wrong(key, 'a string or a number', value);
  return value;
}

export function stringListField(json: StampJson, key: string): string[] {
  const value = json[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) wrong(key, 'a list of strings', value);
  return value as string[];
}

export function objectField(json: StampJson, key: string): Record<string, unknown> {
  const value = json[key];
  if (!isObject(value)) wrong(key, 'an object', value);
  return value;
}

/** A date written as a string (ISO 8601, or Symfony's `Y-m-d\TH:i:sP`). */
export function dateField(json: StampJson, key: string): Date {
  const date = new Date(stringField(json, key));
  if (Number.isNaN(date.getTime())) throw new TypeError(`"${key}" is not a valid date`);
  return date;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrong(key: string, expected: string, value: unknown): never {
  throw new TypeError(`"${key}" must be ${expected}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}
