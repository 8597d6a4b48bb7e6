import { type ChannelModel, connect } from 'amqplib';

/** The RabbitMQ server of the machine (.ci/run starts it). A test that cannot reach it fails. */
export const AMQP_URL = process.env['MESSENGER_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A plain connection on the test server, to look at queues and to clean up. */
export function amqpClient(): Promise<ChannelModel> {
  return connect(AMQP_URL);
}

/**
 * Deletes exchanges and queues a test declared (each on a channel of its own: deleting what
 * does not exist is fine, but a failure would close the channel), and the delay queues named
 * after `prefix`.
 */
export async function deleteAmqp(
  client: ChannelModel,
  { exchanges = [], queues = [] }: { exchanges?: readonly string[]; queues?: readonly string[] },
): Promise<void> {
  const channel = await client.createChannel();
  try {
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** How many messages wait in a queue (0 when it does not exist). */
export async function readyCount(client: ChannelModel, queue: string): Promise<number> {
  const channel = await client.createChannel();
  channel.on('error', () => undefined);
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } catch {
    return 0;
  } finally {
    await channel.close().catch(() => undefined);
  }
}
