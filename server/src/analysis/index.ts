// The static model of messages, handlers and routes (issue 3). Placeholder until it lands.
export {};
