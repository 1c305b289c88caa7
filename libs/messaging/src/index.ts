export * from './feed/message-feed.js';
export * from './messages/message-view.js';
export * from './messages/messages.js';
export * from './messaging.module.js';
export * from './threads/message-thread.js';
export * from './threads/message-threads.js';
