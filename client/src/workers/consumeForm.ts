/**
 * The "Start Worker…" form: the limits of `messenger consume` as fields, each shown with its
 * current value and edited as text. Parsing and validation live here so the form (a QuickPick
 * in the vscode layer) only shows fields and asks for text.
 */
import { consumeArguments, type ConsumeOptions } from './consumeArguments';

export type ConsumeField =
  | 'transports'
  | 'limit'
  | 'timeLimit'
  | 'memoryLimit'
  | 'failureLimit'
  | 'queues'
  | 'sleep'
  | 'fetchSize'
  | 'concurrency';

export interface FieldSpec {
  readonly field: ConsumeField;
  readonly label: string;
  readonly icon: string;
  /** What the input box asks. */
  readonly prompt: string;
  readonly placeholder: string;
}

export const CONSUME_FIELDS: readonly FieldSpec[] = [
  {
    field: 'transports',
    label: 'Transports',
    icon: 'database',
    prompt: 'Transports to consume, in priority order (the first is drained before the next is looked at)',
    placeholder: 'async, async_low',
  },
  {
    field: 'limit',
    label: 'Message limit',
    icon: 'symbol-number',
    prompt: 'Stop after handling this many messages (--limit); empty: no limit',
    placeholder: '10',
  },
  {
    field: 'timeLimit',
    label: 'Time limit',
    icon: 'watch',
    prompt: 'Stop after this many seconds (--time-limit); empty: no limit',
    placeholder: '3600',
  },
  {
    field: 'memoryLimit',
    label: 'Memory limit',
    icon: 'dashboard',
    prompt: 'Stop when the worker uses more memory than this (--memory-limit), e.g. 128M; empty: no limit',
    placeholder: '128M',
  },
  {
    field: 'failureLimit',
    label: 'Failure limit',
    icon: 'error',
    prompt: 'Stop after this many failed messages (--failure-limit); empty: no limit',
    placeholder: '5',
  },
  {
    field: 'queues',
    label: 'Queues',
    icon: 'list-filter',
    prompt: 'Only these queues of the transports (--queues), comma-separated; empty: all',
    placeholder: 'high, default',
  },
  {
    field: 'sleep',
    label: 'Sleep',
    icon: 'clock',
    prompt: 'Seconds to wait when no message is waiting (--sleep); empty: 1',
    placeholder: '1',
  },
  {
    field: 'fetchSize',
    label: 'Fetch size',
    icon: 'layers',
    prompt: 'Messages taken from the transport at once (--fetch-size); empty: 1',
    placeholder: '50',
  },
  {
    field: 'concurrency',
    label: 'Concurrency',
    icon: 'debug-alt',
    prompt: 'Messages handled at once, async handlers overlapping (--concurrency); empty: 1',
    placeholder: '10',
  },
];

/** The field's value as the form shows it. */
export function fieldValue(options: ConsumeOptions, field: ConsumeField): string {
  switch (field) {
    case 'transports':
      return options.transports.join(', ');
    case 'limit':
      return options.limit === undefined ? '' : String(options.limit);
    case 'timeLimit':
      return options.timeLimit === undefined ? '' : String(options.timeLimit);
    case 'memoryLimit':
      return options.memoryLimit ?? '';
    case 'failureLimit':
      return options.failureLimit === undefined ? '' : String(options.failureLimit);
    case 'queues':
      return (options.queues ?? []).join(', ');
    case 'sleep':
      return options.sleep === undefined ? '' : String(options.sleep);
    case 'fetchSize':
      return options.fetchSize === undefined ? '' : String(options.fetchSize);
    case 'concurrency':
      return options.concurrency === undefined ? '' : String(options.concurrency);
  }
}

/** `none`, `10 messages`, `1 h`: the value beside the field's label. */
export function fieldSummary(options: ConsumeOptions, field: ConsumeField): string {
  const value = fieldValue(options, field);
  if (value === '')
    return field === 'queues'
      ? 'all'
      : field === 'sleep'
        ? '1 s (default)'
        : field === 'fetchSize' || field === 'concurrency'
          ? '1 (default)'
          : field === 'transports'
            ? 'choose at least one'
            : 'none';
  if (field === 'timeLimit' || field === 'sleep') return `${value} s`;
  return value;
}

/** Applies the text typed for a field: the new options, or a message saying what is wrong. */
export function applyField(
  options: ConsumeOptions,
  field: ConsumeField,
  text: string,
  knownTransports: readonly string[],
): ConsumeOptions | { readonly error: string } {
  const value = text.trim();
  const list = value.split(/[\s,]+/).filter((v) => v !== '');
  switch (field) {
    case 'transports': {
      if (list.length === 0) return { error: 'Name at least one transport.' };
      const unknown = list.filter((t) => !knownTransports.includes(t));
      if (unknown.length > 0 && knownTransports.length > 0)
        return {
          error: `Unknown transport${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Known: ${knownTransports.join(', ')}.`,
        };
      return { ...options, transports: [...new Set(list)] };
    }
    case 'queues':
      return { ...options, queues: list.length === 0 ? undefined : list };
    case 'memoryLimit':
      if (value !== '' && !/^\d+[KMG]?$/i.test(value)) return { error: 'A size such as 128M, 1G or 500000 (bytes).' };
      return { ...options, memoryLimit: value === '' ? undefined : value.toUpperCase() };
    case 'sleep':
      return numberField(options, field, value, 0);
    default:
      return numberField(options, field, value, 1);
  }
}

function numberField(
  options: ConsumeOptions,
  field: 'limit' | 'timeLimit' | 'failureLimit' | 'sleep' | 'fetchSize' | 'concurrency',
  value: string,
  min: number,
): ConsumeOptions | { readonly error: string } {
  if (value === '') return { ...options, [field]: undefined };
  const number = Number(value);
  if (!Number.isFinite(number) || number < min || (field !== 'sleep' && !Number.isInteger(number))) {
    return { error: field === 'sleep' ? 'Zero or more seconds.' : 'A whole number, 1 or more.' };
  }
  return { ...options, [field]: number };
}

/** The command line the form will run, shown on its Start item. */
export function commandPreview(options: ConsumeOptions): string {
  try {
    return `messenger ${consumeArguments(options).join(' ')}`;
  } catch (error) {
    return (error as Error).message;
  }
}
