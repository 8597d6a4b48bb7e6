/** The messenger.yaml JSON schema is generated from the runtime and committed: it must not go stale. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { configKeys, defaultTransportFactories, isNamespaceWildcard } from '@messenger-ts/runtime/rules';
import {
  buildMessengerSchema,
  messengerSchemaJson,
  ROUTING_KEY_PATTERN,
  SCHEMA_FILE,
} from '../scripts/messengerSchema';

type Schema = {
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
  anyOf?: Schema[];
  additionalProperties?: unknown;
};

test('client/schemas/messenger.schema.json matches the runtime (else: npm run generate:schema -w client)', () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), messengerSchemaJson());
});

test('the schema lists every key the runtime accepts, and every transport option', () => {
  const schema = buildMessengerSchema() as Schema;
  const definitions = schema.definitions!;
  assert.deepEqual(Object.keys(definitions['messenger']!.properties!), [...configKeys.MESSENGER_KEYS]);
  const transportMap = definitions['transport']!.anyOf!.find((s) => s.properties !== undefined)!;
  assert.deepEqual(Object.keys(transportMap.properties!), [...configKeys.TRANSPORT_KEYS]);
  const options = Object.keys(transportMap.properties!['options']!.properties!);
  for (const factory of defaultTransportFactories()) {
    for (const option of Object.keys(factory.options))
      assert.ok(options.includes(option), `option ${option} of ${factory.label}`);
  }
});

test("every key of the example app's messenger.yaml is known to the schema", () => {
  const file = resolve(__filename, '..', '..', '..', 'examples', 'app', 'config', 'packages', 'messenger.yaml');
  const config = parse(readFileSync(file, 'utf8')) as { framework: { messenger: Record<string, unknown> } };
  const schema = buildMessengerSchema() as Schema;
  const messenger = schema.definitions!['messenger']!;
  for (const key of Object.keys(config.framework.messenger))
    assert.ok(messenger.properties![key], `framework.messenger.${key}`);
  assert.equal(messenger.additionalProperties, false, 'unknown keys are flagged');
});

test('the descriptions say what the runtime does: no namespace wildcards, reset_on_message has no effect, stop_worker_on_signals stops workers', () => {
  const messenger = (buildMessengerSchema() as Schema).definitions!['messenger']!.properties! as Record<
    string,
    { description?: string }
  >;
  assert.match(messenger['routing']!.description!, /wildcards \(`App\\Message\\\*`\) are refused/);
  assert.doesNotMatch(messenger['routing']!.description!, /or namespace wildcard/);
  assert.match(messenger['reset_on_message']!.description!, /^Has no effect/);
  assert.match(
    messenger['stop_worker_on_signals']!.description!,
    /stop after its current message\. Default: SIGTERM and SIGINT/,
  );
});

test('routing keys: class names, namespaced names and `*` pass; a namespace wildcard is flagged, as the runtime refuses it, with the reason', () => {
  const routing = (buildMessengerSchema() as Schema).definitions!['messenger']!.properties!['routing'] as {
    propertyNames: { pattern: string; patternErrorMessage: string };
  };
  assert.equal(routing.propertyNames.pattern, ROUTING_KEY_PATTERN);
  const pattern = new RegExp(routing.propertyNames.pattern, 'u');
  for (const key of [
    '*',
    'SmsNotification',
    'App\\Message\\SmsNotification',
    '\\App\\Message\\Sms',
    'App\\Message\\*',
    'App\\*',
    '\\*',
  ]) {
    assert.equal(pattern.test(key), !isNamespaceWildcard(key), key);
  }
  assert.equal(pattern.test('App\\Message\\*'), false);
  assert.match(
    routing.propertyNames.patternErrorMessage,
    /are refused: a class does not know its namespace at run time/,
  );
});

test('reset_on_message is accepted (no unknown-key error) but completion does not offer it: it has no effect', () => {
  const messenger = (buildMessengerSchema() as Schema).definitions!['messenger']!;
  assert.deepEqual(messenger.properties!['reset_on_message'], {
    doNotSuggest: true,
    description: (messenger.properties!['reset_on_message'] as { description: string }).description,
  });
  assert.match(
    (messenger.properties!['reset_on_message'] as { description: string }).description,
    /accepted with a warning/,
  );
});
