import { sql, type Kysely } from "kysely";

/**
 * Enrollments are the one table of a million rows a night, and each foreign key is a row lookup and a row lock per
 * inserted row (measured: two of the four keys cost as much as all seven indexes). Two are dropped:
 * - the school: the sync engine checks every enrollment's school before it writes one, and the school is the class's;
 * - the source: the tenant stays checked through the class and the user keys (both carry tenant_id), and only the
 *   sync engine writes enrollments, under a source row it has just ensured.
 * The class and user keys stay: they are what an enrollment is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table enrollments drop constraint if exists enrollments_tenant_id_school_sourced_id_fkey`.execute(db);
  await sql`alter table enrollments drop constraint if exists enrollments_tenant_id_source_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table enrollments add foreign key (tenant_id, school_sourced_id) references orgs (tenant_id, sourced_id)`.execute(db);
  await sql`alter table enrollments add foreign key (tenant_id, source_id) references sources (tenant_id, id)`.execute(db);
}
