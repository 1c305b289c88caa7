export * from './instruments/index.js';
export * from './instruments/instrument.js';
export * from './instruments/phq-9.js';
export * from './score-response.js';
export * from './measures.module.js';
export * from './responses/measure-response.entity.js';
export * from './responses/measure-responses.js';
