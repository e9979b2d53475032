/**
 * Times the Apple School Manager export (the six CSVs in one zip) of a large tenant through the real CLI; see
 * sds-export.ts for how it is measured.
 *
 *   npx tsx bench/asm-export.ts [--runs 3]
 *
 * Target: ≤ 30 s wall time, ≤ 300 MB peak RSS. The upload is not timed (it is a copy of the zip over SFTP).
 */
import { parseArgs } from "node:util";
import { benchmark } from "./sds-export.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
await benchmark("Apple School Manager CSV export (zip)", ["asm"], "Archive.zip", Number(values.runs));
