import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { formatProblem, ONEROSTER_CSV_KIND, readOneRosterCsvZip, type OneRosterCsvRead } from "../../../importers/oneroster-csv/index.ts";
import { ENTITY_ORDER, type EntityName } from "../../model/canonical.ts";
import { knownSourcedIds, storedDemographics } from "../../imports/oneroster-csv-stored.ts";
import { explainGuard, runSync, SyncError, type SyncResult } from "../../sync/index.ts";
import { ensureTenant } from "../../tenancy/ensure-tenant.ts";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { withLockedTenant } from "../tenant-run.ts";
import { parseTenantId } from "../options.ts";
import { progressBar } from "../progress.ts";

interface ImportOptions {
  tenant: string;
  source: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  force?: boolean;
  personnummer: "drop" | "store";
}

/** Problems printed before "and N more". */
const PROBLEMS_SHOWN = 200;

function parsePersonnummer(value: string): "drop" | "store" {
  if (value !== "drop" && value !== "store") throw new InvalidArgumentError(`"${value}" is not drop or store`);
  return value;
}

/** `oneroster import oneroster-csv <file.zip> --tenant T`: a OneRoster 1.1 CSV zip through the sync engine. */
export function registerImportOneRosterCsv(importer: Command, context: CliContext): void {
  importer
    .command("oneroster-csv")
    .description("import a OneRoster 1.1 CSV zip (bulk: full import; delta: changes and tobedeleted rows)")
    .argument("<file.zip>", "the zip: manifest.csv and the binding's files at its root")
    .requiredOption("--tenant <id>", "tenant to import into (created when missing)", parseTenantId)
    .option("--source <id>", "the source the rows belong to in the tenant", ONEROSTER_CSV_KIND)
    .option("--dry-run", "check and diff, write nothing, print what would change")
    .option("--skip-invalid", "leave invalid rows out (and list them) instead of importing nothing")
    .option("--force", "apply even when the mass-delete guard would stop the run")
    .option("--personnummer <drop|store>", "personnummer-like user identifiers: drop (default) or store", parsePersonnummer, "drop")
    .action(async (file: string, options: ImportOptions) => {
      const { settings, logger, out } = context();
      const path = resolve(file);
      if (!(await stat(path).then((s) => s.isFile(), () => false))) throw new CliError(`${file}: no such file`);
      await withLockedTenant(settings, logger, options.tenant, `import ${options.source}`, async ({ db }) => {
        const started = Date.now();
        const read = await readOneRosterCsvZip(
          { path },
          {
            name: file,
            knownSourcedIds: (entity, ids) => knownSourcedIds(db, options.tenant, entity, ids),
            skipInvalid: options.skipInvalid ?? false,
            personnummer: options.personnummer,
            logger,
          },
        );
        logger.info({ file, ok: read.ok, mode: read.mode, rows: read.rows, problems: read.problemCount }, "OneRoster CSV zip checked");
        try {
          for (const notice of read.notices) out(`notice: ${notice}`);
          if (!read.ok) {
            printProblems(read, (line) => process.stderr.write(`${line}\n`));
            throw new CliError(`${file}: ${read.problemCount} problem(s), nothing was imported`);
          }
          if (read.problemCount > 0) {
            out(`skipped ${read.problemCount} invalid row(s):`);
            printProblems(read, (line) => out(`  ${line}`));
          }
          const result = await importRead(db, read, options, logger);
          summary(out, file, result, (Date.now() - started) / 1000);
          if (result.status === "stopped") throw new CliError(explainGuard(result.guard).replace("with force", "with --force"));
        } catch (error) {
          throw error instanceof SyncError ? new CliError(error.message) : error;
        } finally {
          read.close();
        }
      });
    });
}

function printProblems(read: OneRosterCsvRead, print: (line: string) => void): void {
  for (const problem of read.problems.slice(0, PROBLEMS_SHOWN)) print(formatProblem(problem));
  if (read.problemCount > PROBLEMS_SHOWN) print(`… and ${read.problemCount - PROBLEMS_SHOWN} more`);
}

/** The sync run; a dry run into a tenant that does not exist yet makes it for the run and removes it again. */
async function importRead(db: Kysely<Database>, read: OneRosterCsvRead, options: ImportOptions, logger: Parameters<typeof runSync>[1]["logger"]): Promise<SyncResult> {
  const created = await ensureTenant(db, options.tenant);
  const total = ENTITY_ORDER.reduce((sum, e) => sum + read.rows[e], 0);
  const bar = progressBar("import oneroster-csv", total);
  const done: Partial<Record<EntityName, number>> = {};
  const snapshot = { ...read.snapshot };
  // A bulk zip without demographics.csv says nothing about them: the source's stored ones stay as they are.
  if (read.keep.includes("demographics")) snapshot.demographics = await storedDemographics(db, options.tenant, options.source);
  try {
    return await runSync(db, {
      tenantId: options.tenant,
      sourceId: options.source,
      sourceKind: ONEROSTER_CSV_KIND,
      mode: read.mode,
      snapshot,
      ...(read.mode === "delta" ? { deletions: read.deletions } : {}),
      dryRun: options.dryRun ?? false,
      force: options.force ?? false,
      logger,
      onProgress: (progress) => {
        if (progress.phase !== "read") return;
        done[progress.entity] = progress.records;
        bar.update(Object.values(done).reduce((sum, n) => sum + n, 0));
      },
    });
  } finally {
    bar.stop();
    if (created && options.dryRun) await db.deleteFrom("tenants").where("id", "=", options.tenant).execute();
  }
}

/** The run as `oneroster runs` shows one: status, counts per entity, warnings; a dry run adds its sample of changes. */
function summary(out: (line: string) => void, file: string, result: SyncResult, seconds: number): void {
  const what = result.status === "dry-run" ? "dry run, nothing written" : result.status;
  out(`${file} → tenant ${result.tenantId}, source ${result.sourceId} (${result.mode}): ${what}${result.forced ? " (forced)" : ""} in ${seconds.toFixed(1)} s${result.runId ? `, run ${result.runId}` : ""}`);
  for (const entity of ENTITY_ORDER) {
    const c = result.counts[entity];
    if (c.created + c.updated + c.unchanged + c.removed + c.skipped === 0) continue;
    out(`  ${entity}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.removed} removed, ${c.skipped} skipped`);
  }
  if (result.warningCount > 0) {
    out(`  warnings: ${result.warningCount}`);
    for (const w of result.warnings.slice(0, 5)) out(`    ${w.entity} ${w.sourcedId ?? "(no sourcedId)"}: ${w.why}`);
  }
  if (result.status === "dry-run") {
    for (const entity of ENTITY_ORDER) for (const change of result.changes[entity]) out(`  would ${change.action} ${entity} ${change.sourcedId}`);
  }
}
