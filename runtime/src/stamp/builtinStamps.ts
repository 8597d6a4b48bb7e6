import { BusNameStamp } from './BusNameStamp.js';
import { DelayStamp } from './DelayStamp.js';
import { ErrorDetailsStamp } from './ErrorDetailsStamp.js';
import { HandledStamp } from './HandledStamp.js';
import { RedeliveryStamp } from './RedeliveryStamp.js';
import { SentToFailureTransportStamp } from './SentToFailureTransportStamp.js';
import { SerializerStamp } from './SerializerStamp.js';
import { registerStamp } from './stampRegistry.js';
import { TransportMessageIdStamp } from './TransportMessageIdStamp.js';
import { TransportNamesStamp } from './TransportNamesStamp.js';
import { ValidationStamp } from './ValidationStamp.js';

// Sendable built-in stamps travel under Symfony's class names, so either side can read the other's envelopes.
const SYMFONY = 'Symfony\\Component\\Messenger\\Stamp\\';
registerStamp(BusNameStamp, `${SYMFONY}BusNameStamp`);
registerStamp(DelayStamp, `${SYMFONY}DelayStamp`);
registerStamp(ErrorDetailsStamp, `${SYMFONY}ErrorDetailsStamp`);
registerStamp(HandledStamp, `${SYMFONY}HandledStamp`);
registerStamp(RedeliveryStamp, `${SYMFONY}RedeliveryStamp`);
registerStamp(SentToFailureTransportStamp, `${SYMFONY}SentToFailureTransportStamp`);
registerStamp(SerializerStamp, `${SYMFONY}SerializerStamp`);
registerStamp(TransportMessageIdStamp, `${SYMFONY}TransportMessageIdStamp`);
registerStamp(TransportNamesStamp, `${SYMFONY}TransportNamesStamp`);
registerStamp(ValidationStamp, `${SYMFONY}ValidationStamp`);
