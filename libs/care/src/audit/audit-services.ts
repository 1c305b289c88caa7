import { AuditSealer } from './audit-sealer.js';
import { AuditVerifier } from './audit-verifier.js';
import { ClientAuditLog } from './client-audit-log.js';

/** The audit trail's services beyond recording: sealing, verifying, reading. Registered by CareModule. */
export const AUDIT_SERVICES = [AuditSealer, AuditVerifier, ClientAuditLog];
