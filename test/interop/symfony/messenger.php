<?php
// A Symfony Messenger 5.4 application on a Redis stream or an AMQP exchange, for the
// interoperability tests (test/interop/redisSymfony.test.ts, amqpSymfony.test.ts). It runs on
// Debian's packages, without Composer:
//   php messenger.php dispatch <dsn> <text> [delay ms]   sends one App\Message\Greeting
//   php messenger.php consume <dsn> <count>              runs Symfony's Worker until it handled
//                                                        <count> messages, printing one JSON line each
// Messages go through Symfony's own serializer (JSON), as `messenger.transport.symfony_serializer`.
declare(strict_types=1);

namespace App\Message {
    final class Greeting
    {
        public string $text;
        public ?string $from;

        public function __construct(string $text = '', ?string $from = null)
        {
            $this->text = $text;
            $this->from = $from;
        }
    }
}

namespace {
    use App\Message\Greeting;
    use Symfony\Component\Messenger\Bridge\Amqp\Transport\AmqpTransport;
    use Symfony\Component\Messenger\Bridge\Amqp\Transport\Connection as AmqpConnection;
    use Symfony\Component\Messenger\Bridge\Redis\Transport\Connection;
    use Symfony\Component\Messenger\Bridge\Redis\Transport\RedisTransport;
    use Symfony\Component\Messenger\Envelope;
    use Symfony\Component\Messenger\Handler\HandlersLocator;
    use Symfony\Component\Messenger\MessageBus;
    use Symfony\Component\Messenger\Middleware\HandleMessageMiddleware;
    use Symfony\Component\Messenger\Stamp\DelayStamp;
    use Symfony\Component\Messenger\Transport\Serialization\Serializer;
    use Symfony\Component\Messenger\Worker;

    foreach (['Messenger', 'Serializer', 'PropertyAccess', 'PropertyInfo'] as $component) {
        require_once "/usr/share/php/Symfony/Component/$component/autoload.php";
    }

    [, $command, $dsn] = $argv + [null, null, null];
    $transport = str_starts_with((string) $dsn, 'amqp')
        ? new AmqpTransport(AmqpConnection::fromDsn($dsn), Serializer::create())
        : new RedisTransport(Connection::fromDsn($dsn, ['delete_after_ack' => true]), Serializer::create());

    if ('dispatch' === $command) {
        $delay = (int) ($argv[4] ?? 0);
        $stamps = $delay > 0 ? [new DelayStamp($delay)] : [];
        $transport->send(new Envelope(new Greeting($argv[3], 'symfony'), $stamps));
        exit(0);
    }

    if ('consume' === $command) {
        $count = (int) $argv[3];
        $handled = 0;
        $worker = null;
        $handler = static function (Greeting $greeting) use (&$handled, &$worker, $count): void {
            fwrite(STDOUT, json_encode(['text' => $greeting->text, 'from' => $greeting->from])."\n");
            fflush(STDOUT);
            if (++$handled >= $count) {
                $worker->stop();
            }
        };
        $bus = new MessageBus([new HandleMessageMiddleware(new HandlersLocator([Greeting::class => [$handler]]))]);
        $worker = new Worker(['async' => $transport], $bus);
        $worker->run(['sleep' => 50000]);
        exit(0);
    }

    fwrite(STDERR, "usage: php messenger.php dispatch <dsn> <text> [delay ms] | consume <dsn> <count>\n");
    exit(2);
}
