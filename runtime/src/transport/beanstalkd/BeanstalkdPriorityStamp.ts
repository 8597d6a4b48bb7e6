import { Stamp } from '../../stamp/Stamp.js';
import { registerStamp } from '../../stamp/stampRegistry.js';
import { checkPriority } from './protocol.js';

/**
 * The beanstalkd priority of a message: 0 is the most urgent, 2^32 - 1 the least; without it a
 * message is put with 1024. It travels with the message (under Symfony's class name), so a
 * message sent for retry keeps its priority, and a rejected one is buried with it.
 */
export class BeanstalkdPriorityStamp extends Stamp {
  readonly priority: number;

  constructor(priority: number) {
    super();
    this.priority = checkPriority(priority);
  }

  /** A priority read from a message is checked like one given in code. */
  static fromJSON(json: Record<string, unknown>): BeanstalkdPriorityStamp {
    return new BeanstalkdPriorityStamp(Number(json['priority']));
  }
}

registerStamp(
  BeanstalkdPriorityStamp,
  'Symfony\\Component\\Messenger\\Bridge\\Beanstalkd\\Transport\\BeanstalkdPriorityStamp',
);
