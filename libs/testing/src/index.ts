export * from './services.js';
export * from './template-database.js';
export * from './test-config.js';
export * from './test-database.js';
export * from './factories.js';
export * from './private-redis.js';
