import type { Command } from "commander";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";

/** `oneroster check setup.yaml`: validate the setup, then test each connection it names, one line per check. */
export function registerCheck(program: Command, context: CliContext): void {
  program
    .command("check")
    .description("validate a setup file and test its connections (database, sources, exporters)")
    .argument("<setup.yaml>", "the setup file")
    .action(async (file: string) => {
      const { settings, logger, out } = context();
      // Loaded on use: the setup's kinds bring every importer and exporter, which other commands do not need.
      const [{ checkSetup, formatCheckLine }, { loadSetup, SetupError }] = await Promise.all([import("../../setup/check.ts"), import("../../setup/load.ts")]);
      const loaded = await loadSetup(file).catch((error: unknown) => {
        if (!(error instanceof SetupError)) throw error;
        for (const problem of error.problems) process.stderr.write(`${problem}\n`);
        throw new CliError(`${file}: ${error.problems.length} problem(s); nothing was checked`);
      });
      const { tenants } = loaded.setup;
      const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
      out(
        `ok    setup: ${file} is valid (${count(tenants.length, "tenant")}, ${count(tenants.reduce((n, t) => n + t.sources.length, 0), "source")}, ` +
          `${count(tenants.reduce((n, t) => n + t.exporters.length, 0), "exporter")})`,
      );
      const lines = await checkSetup(loaded, settings, { logger });
      for (const line of lines) out(formatCheckLine(line));
      const failed = lines.filter((line) => !line.ok).length;
      if (failed > 0) throw new CliError(`${failed} of ${lines.length} check(s) failed`);
    });
}
