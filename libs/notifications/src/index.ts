export * from './entities/notification.entity.js';
export * from './entities/outbound-message.entity.js';
export * from './notifications.module.js';
export * from './outbox.js';
