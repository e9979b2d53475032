import { sql, type Kysely } from "kysely";

/**
 * A writer that keeps its parents' date_last_modified itself says so for its transaction
 * (`set_config('oneroster.parents_touched', 'on', true)`), and the child tables' statement triggers then leave the
 * parents alone. The sync engine does: a record it writes is new (its date is the transaction's) or changed (its
 * digest covers its child rows, and it sets the date of every changed record that has children). The triggers'
 * join of every written child row to its parent cost 9 ms per 1 000 rows, 8 s of a 70 000-student import.
 * Every other writer still has its parents touched.
 */
const touchParent = (guarded: boolean) => `create or replace function oneroster_touch_parent() returns trigger language plpgsql as $$
  declare
    changed text;
  begin
    ${guarded ? "if current_setting('oneroster.parents_touched', true) = 'on' then return null; end if;" : ""}
    changed := case tg_op
      when 'INSERT' then 'select tenant_id, %2$I as id from new_rows'
      when 'DELETE' then 'select tenant_id, %2$I as id from old_rows'
      -- an UPDATE touches the parents of rows that really differ, before or after
      else 'select tenant_id, %2$I as id from (select * from new_rows except all select * from old_rows) as n '
        || 'union select tenant_id, %2$I from (select * from old_rows except all select * from new_rows) as o'
    end;
    execute format(
      'update %1$I p set date_last_modified = now() from (' || changed || ') c '
      || 'where p.tenant_id = c.tenant_id and p.sourced_id = c.id and p.date_last_modified <> now()::timestamptz(3)',
      tg_argv[0], tg_argv[1]);
    return null;
  end $$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(touchParent(true)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(touchParent(false)).execute(db);
}
