import { fileURLToPath } from 'node:url';
import { createMessenger } from '@messenger-ts/runtime';
import { GetUserCountHandler } from './MessageHandler/GetUserCountHandler.js';
import { NewUserWelcomeEmailHandler } from './MessageHandler/NewUserWelcomeEmailHandler.js';
import { RegisterUserHandler } from './MessageHandler/RegisterUserHandler.js';
import { SmsNotificationHandler } from './MessageHandler/SmsNotificationHandler.js';
import { UserRegisteredHandlers } from './MessageHandler/UserRegisteredHandlers.js';
import { AuditMiddleware } from './Middleware/AuditMiddleware.js';
import { UserRepository } from './Repository/UserRepository.js';
import { SmsGateway } from './Service/SmsGateway.js';
import { SelfValidator } from './Validation/SelfValidator.js';

/** The bootstrap module: the `messenger` CLI imports it and uses its default export. */
const projectDir = fileURLToPath(new URL('..', import.meta.url));
const users = new UserRepository();

export default createMessenger({
  projectDir,
  handlers: [
    new SmsNotificationHandler(new SmsGateway(projectDir)),
    new NewUserWelcomeEmailHandler(users),
    new GetUserCountHandler(users),
    ({ getBus }) => new RegisterUserHandler(users, getBus('event.bus')),
    ({ getBus }) => new UserRegisteredHandlers(getBus('command.bus')),
  ],
  middleware: { 'App\\Middleware\\AuditMiddleware': new AuditMiddleware() },
  validator: new SelfValidator(),
});
