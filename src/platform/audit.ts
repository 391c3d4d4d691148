/** Appends to the audit log. Called by every service function that changes state, inside its transaction. */
import type { Db } from '../db/client.ts';
import type { ModuleAuditAction } from './module.ts';
import { auditLog } from './schema.ts';

/** An action some module declares in its manifest's `auditActions` (ADR 0034). */
export type AuditAction = ModuleAuditAction;

export type AuditEntry = {
  actorId?: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ip?: string | null;
};

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
    ip: entry.ip ?? null,
  });
}
