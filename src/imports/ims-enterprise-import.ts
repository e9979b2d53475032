import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { loadImsInputs, mapImsRead, type ImsDialect, type ImsInput } from "../../importers/ims-enterprise/importer.ts";
import type { ImsBaseline } from "../../importers/ims-enterprise/mapping.ts";
import type { ImsMappingSettings } from "../../importers/ims-enterprise/settings.ts";
import type { Logger } from "../log/logger.ts";
import type { User } from "../model/canonical.ts";
import { runSync } from "../sync/engine.ts";
import type { GuardSettings, SyncOptions, SyncResult } from "../sync/types.ts";
import { ensureTenant } from "../tenancy/ensure-tenant.ts";

export interface ImsImportOptions {
  tenantId: string;
  sourceId: string;
  /** The register's kind, recorded on the source: edlevo, alvis or ist-ims. */
  kind: string;
  dialect: ImsDialect;
  inputs: readonly ImsInput[];
  /** YYYY-MM-DD: what "current" means for roles; default today. */
  today?: string;
  dryRun?: boolean;
  force?: boolean;
  guard?: Partial<GuardSettings>;
  logger?: Logger;
  onRecord?: (records: number) => void;
  onSyncProgress?: SyncOptions["onProgress"];
}

/**
 * Reads IMS Enterprise files (every one in full, streamed, before anything is written: a broken file changes nothing)
 * and applies them through the sync engine. A Tieto delta is merged with what the source already holds.
 */
export async function importImsEnterprise(db: Kysely<Database>, settings: ImsMappingSettings, options: ImsImportOptions): Promise<SyncResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const loaded = await loadImsInputs(options.inputs, options.dialect, settings, { today, logger: options.logger, ...(options.onRecord ? { onRecord: options.onRecord } : {}) });
  if (!options.dryRun) await ensureTenant(db, options.tenantId);
  const baseline = loaded.delta ? await storedBaseline(db, options.tenantId, options.sourceId) : undefined;
  const read = mapImsRead(loaded, settings, { tenantId: options.tenantId, sourceId: options.sourceId, today, ...(baseline ? { baseline } : {}) });
  return runSync(db, {
    tenantId: options.tenantId,
    sourceId: options.sourceId,
    sourceKind: options.kind,
    mode: read.mode,
    snapshot: read.snapshot,
    ...(read.deletions ? { deletions: read.deletions } : {}),
    ...(read.completeEnrollmentsOf ? { completeEnrollmentsOf: read.completeEnrollmentsOf } : {}),
    sourceNotes: read.notes,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.guard ? { guard: options.guard } : {}),
    ...(options.onSyncProgress ? { onProgress: options.onSyncProgress } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** The source's active classes (their schools) and users (role, schools, guardians): what a delta builds on. */
async function storedBaseline(db: Kysely<Database>, tenantId: string, sourceId: string): Promise<ImsBaseline> {
  const orgs = await db
    .selectFrom("orgs")
    .select(["sourced_id", "name"])
    .where("tenant_id", "=", tenantId)
    .where("source_id", "=", sourceId)
    .where("status", "=", "active")
    .execute();
  const classes = await db
    .selectFrom("classes")
    .select(["sourced_id", "school_sourced_id", "course_sourced_id", "subject_codes"])
    .where("tenant_id", "=", tenantId)
    .where("source_id", "=", sourceId)
    .where("status", "=", "active")
    .execute();
  const users = await db
    .selectFrom("users")
    .select(["sourced_id", "role"])
    .where("tenant_id", "=", tenantId)
    .where("source_id", "=", sourceId)
    .where("status", "=", "active")
    .execute();
  const orgRows = await db
    .selectFrom("user_orgs")
    .select(["user_sourced_id", "org_sourced_id as target"])
    .where("tenant_id", "=", tenantId)
    .orderBy("user_sourced_id")
    .orderBy("ordinal")
    .execute();
  const agentRows = await db
    .selectFrom("user_agents")
    .select(["user_sourced_id", "agent_sourced_id as target"])
    .where("tenant_id", "=", tenantId)
    .orderBy("user_sourced_id")
    .orderBy("ordinal")
    .execute();
  const userOrgs = groupTargets(orgRows);
  const agents = groupTargets(agentRows);
  return {
    orgs: new Map(orgs.map((o) => [o.sourced_id, o.name])),
    classes: new Map(classes.map((c) => [c.sourced_id, { schoolSourcedId: c.school_sourced_id, courseSourcedId: c.course_sourced_id, subjectCodes: c.subject_codes }])),
    users: new Map(
      users.map((u): [string, Pick<User, "role" | "orgSourcedIds" | "agentSourcedIds">] => [
        u.sourced_id,
        { role: u.role, orgSourcedIds: userOrgs.get(u.sourced_id) ?? [], agentSourcedIds: agents.get(u.sourced_id) ?? [] },
      ]),
    ),
  };
}

function groupTargets(rows: ReadonlyArray<{ user_sourced_id: string; target: string }>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) map.set(row.user_sourced_id, [...(map.get(row.user_sourced_id) ?? []), row.target]);
  return map;
}
