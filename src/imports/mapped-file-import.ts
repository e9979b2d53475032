import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { readMappedFile } from "../../importers/mapped-file/importer.ts";
import type { RosterRecords } from "../../importers/mapped-file/roster-records.ts";
import type { MappedFileSettings } from "../../importers/mapped-file/settings.ts";
import type { Logger } from "../log/logger.ts";
import { runSync } from "../sync/engine.ts";
import type { GuardSettings, SyncOptions, SyncResult } from "../sync/types.ts";
import { ensureTenant } from "../tenancy/ensure-tenant.ts";

export interface FileImportOptions {
  tenantId: string;
  sourceId: string;
  /** YYYY-MM-DD (default today): the classes belong to the terms of the school year this day falls in. */
  today?: string;
  dryRun?: boolean;
  force?: boolean;
  guard?: Partial<GuardSettings>;
  onSyncProgress?: SyncOptions["onProgress"];
  logger?: Logger;
}

/** Reads a mapped file (Adela, Skolplatsen or a mapping of one's own) and applies it through the sync engine as a full import. */
export async function importMappedFile(db: Kysely<Database>, settings: MappedFileSettings, options: FileImportOptions): Promise<SyncResult> {
  const records = await readMappedFile(settings, { ...options, today: todayOf(options) });
  return syncRosterRecords(db, records, settings.kind, options);
}

export function todayOf(options: Pick<FileImportOptions, "today">): string {
  return options.today ?? new Date().toISOString().slice(0, 10);
}

/**
 * A full import of records read from a file. The file is read completely (and any problem thrown) before this is
 * called, so a bad file changes nothing, not even the tenant list; a dry run into a new tenant leaves no tenant behind.
 */
export async function syncRosterRecords(db: Kysely<Database>, records: RosterRecords, sourceKind: string, options: FileImportOptions): Promise<SyncResult> {
  const created = await ensureTenant(db, options.tenantId);
  try {
    return await runSync(db, {
      tenantId: options.tenantId,
      sourceId: options.sourceId,
      sourceKind,
      mode: "full",
      snapshot: {
        orgs: records.orgs,
        academicSessions: records.academicSessions,
        courses: records.courses,
        classes: records.classes,
        users: records.users,
        enrollments: records.enrollments,
      },
      sourceNotes: () => records.notes,
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.guard ? { guard: options.guard } : {}),
      ...(options.onSyncProgress ? { onProgress: options.onSyncProgress } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } finally {
    if (created && options.dryRun) await db.deleteFrom("tenants").where("id", "=", options.tenantId).execute();
  }
}
