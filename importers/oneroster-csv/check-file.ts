import type { CsvFileName } from "../../src/csv/columns.ts";
import type { Logger } from "../../src/log/logger.ts";
import type { CanonicalRecords, Deletion, EntityName } from "../../src/model/canonical.ts";
import type { EntityIds } from "./entity-ids.ts";
import { fileRows, type FileRow } from "./file-rows.ts";
import type { ProblemList } from "./problems.ts";
import { MAPPERS } from "./rows/index.ts";
import type { MapOptions } from "./rows/mapper.ts";
import type { ZipArchive } from "./zip-archive.ts";

/** What checking the files of one zip shares. */
export interface CheckContext {
  zip: ZipArchive;
  delta: boolean;
  problems: ProblemList;
  notices: string[];
  mapOptions: MapOptions;
  /** A delta zip's tobedeleted rows. */
  deletions: Deletion[];
  /** A bulk zip's tobedeleted rows, counted per file: they are left out. */
  leftOutInBulk: Partial<Record<EntityName, number>>;
  onProgress?: ((progress: { file: CsvFileName; rows: number }) => void) | undefined;
  logger?: Logger | undefined;
}

/**
 * Reads one roster file once, checking every row and noting its sourcedId in `ids`: `onValid` gets each row that
 * passed the row-level checks as a record, `onInvalid` the line of each that did not (or repeats a sourcedId).
 */
export async function checkFile(
  context: CheckContext,
  entity: EntityName,
  ids: EntityIds,
  onValid: (line: number, record: CanonicalRecords[EntityName]) => void,
  onInvalid?: (line: number) => void,
): Promise<void> {
  const { zip, delta, problems, notices, mapOptions, deletions, leftOutInBulk, onProgress } = context;
  const mapper = MAPPERS[entity];
  let rows = 0;
  const before = problems.count;
  const hooks = {
    onHeader: (ok: boolean) => {
      ids.unreadable = !ok;
    },
    onBom: () => notices.push(`${entity}.csv: starts with a UTF-8 byte order mark, which was ignored`),
  };
  const onRow = ({ row, sourcedId, status, mappable }: FileRow) => {
    if (++rows % 10_000 === 0) onProgress?.({ file: entity, rows });
    if (sourcedId !== "") {
      const first = ids.seen.get(sourcedId);
      if (first !== undefined) {
        row.fail("sourcedId", `${JSON.stringify(sourcedId)} appears again (first on line ${first})`);
        onInvalid?.(row.line);
        return;
      }
      ids.seen.set(sourcedId, row.line);
    }
    if (status === "tobedeleted") {
      if (!row.ok) return;
      ids.deleted.add(sourcedId);
      if (delta) deletions.push({ entity, sourcedId });
      else leftOutInBulk[entity] = (leftOutInBulk[entity] ?? 0) + 1;
      return;
    }
    const record = mappable ? mapper.toRecord(row, sourcedId, mapOptions) : undefined;
    if (!row.ok || !record) {
      if (sourcedId !== "") ids.invalid.add(sourcedId);
      onInvalid?.(row.line);
      return;
    }
    onValid(row.line, record);
  };
  for await (const _ of fileRows(zip, entity, delta, problems, hooks, onRow));
  onProgress?.({ file: entity, rows });
  context.logger?.debug({ file: `${entity}.csv`, rows, problems: problems.count - before }, "OneRoster CSV file checked");
}
