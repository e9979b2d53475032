import { CompiledQuery, sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { oneAhead } from "../../src/csv/read-ahead.ts";
import type { ExportCounts, ExportOutcome, ExportWarning } from "../contract.ts";
import { isSkipped, type FileSetPlan, type FileSpec, type RenderNotes } from "./file-spec.ts";
import type { FileSetSink } from "./sink.ts";

/** Rows a cursor fetch brings. */
const CHUNK_ROWS = 500;
/** Rows made into one piece of CSV text (small pieces stay young in the heap; see src/csv/export-zip.ts). */
const TEXT_ROWS = 100;

/** A file of the set would pass the target's row limit; nothing is written. */
export class RowLimitError extends Error {
  constructor(
    readonly file: string,
    readonly rows: number,
    readonly limit: number,
  ) {
    super(`${file} would have up to ${rows} rows, more than the ${limit} the target accepts in one file: export fewer schools per file set (--schools)`);
    this.name = "RowLimitError";
  }
}

export interface WritePlanOptions {
  onProgress?: (progress: { step: string; done: number }) => void;
}

/**
 * Writes every file of the plan into the sink, each streamed from its query through its render: counts per entity
 * (written, skipped) and the warnings of the rows left out. Read in one read-only snapshot, so the files agree.
 */
export async function writePlan(db: Kysely<Database>, plan: FileSetPlan, sink: FileSetSink, options: WritePlanOptions = {}): Promise<ExportOutcome> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (trx) => {
      // The largest files sort and join about a million rows: in memory rather than in batches on disk. Local to this
      // transaction; a server that caps work_mem lower (or PGlite) still gets the same result, only slower.
      await sql`set local work_mem = '64MB'`.execute(trx);
      // Every file is a bulk read joined over the scope's expressions, whose row counts the planner underestimates
      // (to one row, where there are a million): it then picks nested loops that take minutes. Hash joins, always.
      await sql`set local enable_nestloop = off`.execute(trx);
      if (plan.maxRowsPerFile !== undefined) await checkRowLimit(trx, plan.files, plan.maxRowsPerFile);
      const warnings: ExportWarning[] = [];
      // A person at two schools is two rows of some files: their warning is said once.
      const said = new Set<string>();
      const warn = (warning: ExportWarning) => {
        const key = JSON.stringify([warning.entity, warning.sourcedId, warning.why]);
        if (said.has(key)) return;
        said.add(key);
        warnings.push(warning);
      };
      const notes: RenderNotes = { warn, personnummerOmitted: {} };
      const counts: ExportCounts = {};
      for (const file of plan.files) {
        const { written, skipped } = await writeFile(trx, plan, file, sink, notes, (done) => options.onProgress?.({ step: file.name, done }));
        counts[file.name] = { written, ...(skipped > 0 ? { skipped } : {}) };
      }
      for (const [column, n] of Object.entries(notes.personnummerOmitted)) {
        const entity = plan.files.find((file) => column.startsWith(`${file.name} `))?.entity ?? "users";
        warnings.push({ entity, why: `${n} personnummer-like value(s) of ${column} left blank` });
      }
      return { counts, warnings };
    });
}

async function checkRowLimit(db: Kysely<Database>, files: readonly FileSpec[], limit: number): Promise<void> {
  for (const file of files) {
    const query = file.query(db);
    const { rows } = await db.executeQuery<{ n: string }>(
      CompiledQuery.raw(`select count(*)::text as n from (${query.sql}) as file_rows`, [...query.parameters]),
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n > limit) throw new RowLimitError(file.name, n, limit);
  }
}

async function writeFile(
  db: Kysely<Database>,
  plan: FileSetPlan,
  file: FileSpec,
  sink: FileSetSink,
  notes: RenderNotes,
  onRows: (done: number) => void,
): Promise<{ written: number; skipped: number }> {
  let written = 0;
  let skipped = 0;
  const width = file.header.length;
  await sink.addFile(file.name, async (write) => {
    await write(plan.dialect([file.header]));
    const chunks = db.getExecutor().stream<any>(file.query(db), CHUNK_ROWS);
    for await (const { rows } of oneAhead(chunks)) {
      for (let start = 0; start < rows.length; start += TEXT_ROWS) {
        const records: string[][] = [];
        for (const row of rows.slice(start, start + TEXT_ROWS)) {
          const cells = file.render(row, notes);
          if (isSkipped(cells)) {
            skipped++;
            const sourcedId = file.keyOf ? file.keyOf(row) : (row as { sourced_id?: string }).sourced_id;
            notes.warn({ entity: file.entity, ...(sourcedId !== undefined ? { sourcedId } : {}), why: `left out of ${file.name}: ${cells.skipped}` });
            continue;
          }
          if (cells.length !== width) throw new Error(`${file.name}: a row of ${cells.length} cells, not ${width}`);
          records.push(cells);
        }
        if (records.length > 0) await write(plan.dialect(records));
        written += records.length;
      }
      onRows(written);
    }
  });
  return { written, skipped };
}
