/**
 * Writes client/schemas/messenger.schema.json (contributed through `yamlValidation`, used by
 * editors that have the YAML extension). Run after a change to the runtime's config keys or
 * transport options: `npm run generate:schema -w client`; a unit test fails while it is stale.
 */
import { writeFileSync } from 'node:fs';
import { messengerSchemaJson, SCHEMA_FILE } from './messengerSchema';

writeFileSync(SCHEMA_FILE, messengerSchemaJson());
console.log(`wrote ${SCHEMA_FILE}`);
