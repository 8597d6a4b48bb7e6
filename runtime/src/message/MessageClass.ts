/** A message class: anything `new` can build. Abstract classes are allowed (routing by parent class). */
export type MessageClass<M extends object = object> = abstract new (...args: never[]) => M;
