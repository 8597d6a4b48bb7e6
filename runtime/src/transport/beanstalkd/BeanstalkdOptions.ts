import { InvalidTransportOptionException } from '../../errors/InvalidTransportOptionException.js';
import type { TransportOptionsSpec } from '../TransportFactory.js';
import { checkTubeName } from './protocol.js';

/** Symfony's Beanstalkd transport options and defaults (the guide's table, and bury_on_reject of Symfony 7.3). */
export const BEANSTALKD_OPTIONS = {
  tube_name: { type: 'string', default: 'default', description: 'Name of the queue (the beanstalkd tube).' },
  timeout: {
    type: 'number',
    default: 0,
    description:
      'Message reservation timeout, in seconds: how long a worker waits for a job before it checks its stop conditions (0: it returns at once, and an idle worker sleeps between polls).',
  },
  ttr: {
    type: 'number',
    default: 90,
    description:
      'Time to run, in seconds: a message reserved for longer without being acknowledged (or kept alive with consume --keepalive) is put back in the ready queue for another worker.',
  },
  bury_on_reject: {
    type: 'boolean',
    default: false,
    description: 'Bury rejected messages instead of deleting them (they stay in the tube until kicked).',
  },
} as const satisfies TransportOptionsSpec;

export interface BeanstalkdConfiguration {
  readonly tubeName: string;
  /** Seconds. */
  readonly timeout: number;
  /** Seconds. */
  readonly ttr: number;
  readonly buryOnReject: boolean;
}

type Key = keyof typeof BEANSTALKD_OPTIONS;

/** Reads the options (the config loader filled in defaults; a factory called directly may not have). */
export function beanstalkdConfiguration(options: Readonly<Record<string, unknown>>): BeanstalkdConfiguration {
  const value = <T>(key: Key): T => (options[key] ?? BEANSTALKD_OPTIONS[key].default) as T;
  // beanstalkd counts in whole seconds.
  const seconds = (key: 'timeout' | 'ttr', min: number): number => {
    const n = Number(value(key));
    if (!Number.isInteger(n) || n < min)
      throw new InvalidTransportOptionException(
        key,
        `Option "${key}" must be a whole number of seconds >= ${min}, got ${JSON.stringify(value(key))}.`,
      );
    return n;
  };
  let tubeName: string;
  try {
    tubeName = checkTubeName(String(value('tube_name')));
  } catch (error) {
    throw new InvalidTransportOptionException('tube_name', (error as Error).message);
  }
  return {
    tubeName,
    timeout: seconds('timeout', 0),
    ttr: seconds('ttr', 1),
    buryOnReject: value<boolean>('bury_on_reject') === true,
  };
}
