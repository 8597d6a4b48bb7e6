import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer, type Server } from 'node:tls';
import {
  Dsn,
  Envelope,
  JsonSerializer,
  type MessageBusInterface,
  MessageTypeRegistry,
  TransportException,
} from '../../src/index.js';
import { AmqpTransportFactory } from '../../src/transport/amqp/AmqpTransportFactory.js';
import { amqpClient, deleteAmqp } from '../support/amqp.js';
import { uniqueName } from '../support/amqpApp.js';
import { selfSignedCertificate } from '../support/certificates.js';

class Note {
  constructor(readonly text: string) {}
}

const dir = mkdtempSync(join(tmpdir(), 'messenger-amqp-tls-'));
const client = await amqpClient();
const exchanges: string[] = [];
let proxy: Server | undefined;
let port = 0;

// RabbitMQ here listens without TLS: a TLS front of the test's own, with a certificate it made, forwards to it.
const server = selfSignedCertificate(dir, 'server');
const stranger = selfSignedCertificate(dir, 'stranger');
before(async () => {
  proxy = createServer({ cert: readFileSync(server.cert), key: readFileSync(server.key) }, (socket) => {
    const upstream = tcpConnect(5672, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const drop = (): void => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  port = (proxy.address() as { port: number }).port;
});
after(async () => {
  await deleteAmqp(client, { exchanges, queues: exchanges });
  await client.close();
  proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function amqps(query: string) {
  const exchange = uniqueName('tls');
  exchanges.push(exchange);
  return new AmqpTransportFactory().createTransport(
    Dsn.parse(`amqps://guest:guest@127.0.0.1:${port}/%2f/${exchange}`),
    Object.fromEntries(new URLSearchParams(query)),
    {
      name: 'async',
      serializer: new JsonSerializer(new MessageTypeRegistry([Note])),
      projectDir: dir,
      bus: {} as MessageBusInterface,
    },
  );
}

/** Sends a note on an amqps:// transport with these options, gets it back and acknowledges it. */
async function roundTrip(query: string, text: string): Promise<void> {
  const transport = await amqps(query);
  try {
    await transport.send(Envelope.wrap(new Note(text)));
    const [received] = await transport.get();
    assert.ok(received !== undefined, 'a message');
    assert.equal((received.message as Note).text, text);
    await transport.ack(received);
  } finally {
    await transport.close?.();
  }
}

describe('amqps://', () => {
  it('sends and receives over TLS, checking the server against cacert', async () => {
    await roundTrip(`cacert=${server.cert}`, 'over TLS');
  });

  it('refuses a server its cacert did not sign, saying why; verify=false accepts it', async () => {
    const checked = await amqps(`cacert=${stranger.cert}`);
    try {
      await assert.rejects(
        checked.send(Envelope.wrap(new Note('refused'))),
        (error: unknown) =>
          error instanceof TransportException &&
          /could not connect to the AMQP server \(.*certificate/i.test(error.message),
      );
    } finally {
      await checked.close?.();
    }
    await roundTrip(`cacert=${stranger.cert}&verify=false`, 'accepted');
  });
});
