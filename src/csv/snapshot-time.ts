import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * The `since` for the next delta after an export read in the current transaction's snapshot.
 *
 * dateLastModified is the writing transaction's start time (now()), not its commit time. A transaction that began
 * before this snapshot and commits after it stamps rows with a time earlier than ours that this export did not see,
 * so the next delta must start at the oldest transaction still open, not at our own start. Milliseconds are what
 * the stamps keep, rounded; one millisecond less makes the next delta overlap this one a little rather than leave a
 * gap. Where other sessions' start times are not visible (no pg_read_all_stats), our own start is all there is.
 */
export async function nextDeltaSince(trx: Kysely<Database>): Promise<Date> {
  const { rows } = await sql<{ since: Date }>`
    select date_trunc('milliseconds', least(now(), (
      select min(xact_start) from pg_stat_activity
      where datname = current_database() and xact_start is not null and pid <> pg_backend_pid()
    ))) - interval '1 millisecond' as since`.execute(trx);
  return rows[0]!.since;
}
