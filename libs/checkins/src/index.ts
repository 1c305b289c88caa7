export * from './checkins.module.js';
export * from './check-ins/check-in-input.js';
export * from './check-ins/check-ins.js';
export * from './alerts/alerts.js';
export * from './outreach/outreach-tasks.js';
export * from './risk/risk-rules.js';
export * from './risk/risk-settings.js';
