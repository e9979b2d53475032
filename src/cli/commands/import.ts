import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { registerImportOneRosterCsv } from "./import-oneroster-csv.ts";
import { registerImportSs12000 } from "./import-ss12000.ts";
import { registerImportEdlevo } from "./import-edlevo.ts";
import { registerImportAlvis } from "./import-alvis.ts";
import { registerImportIstIms } from "./import-ist-ims.ts";
import { registerImportIstEducloud } from "./import-ist-educloud.ts";
import { registerImportSchoolsoft } from "./import-schoolsoft.ts";
import { registerImportUnikum } from "./import-unikum.ts";
import { registerImportAdela, registerImportMappedFile, registerImportSkolplatsen } from "./import-mapped-file.ts";

/** `oneroster import <source>`: one subcommand per importer, each in its own file. */
export function registerImport(program: Command, context: CliContext): void {
  const importer = program.command("import").description("import from a register or file into a tenant (through the sync engine)");
  registerImportSs12000(importer, context);
  registerImportIstEducloud(importer, context);
  registerImportSchoolsoft(importer, context);
  registerImportOneRosterCsv(importer, context);
  registerImportEdlevo(importer, context);
  registerImportAlvis(importer, context);
  registerImportIstIms(importer, context);
  registerImportUnikum(importer, context);
  registerImportAdela(importer, context);
  registerImportSkolplatsen(importer, context);
  registerImportMappedFile(importer, context);
}
