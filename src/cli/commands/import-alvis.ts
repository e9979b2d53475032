import type { Command } from "commander";
import { ALVIS_KIND } from "../../../importers/alvis/index.ts";
import type { CliContext } from "../context.ts";
import { registerPlainImsImport } from "./import-ims-enterprise.ts";

/** `oneroster import alvis [file] --tenant T`: Alvis's IMS Enterprise export (a path, or SFTP). */
export function registerImportAlvis(importer: Command, context: CliContext): void {
  registerPlainImsImport(importer, context, {
    kind: ALVIS_KIND,
    label: "Alvis IMS export",
    description: "import Alvis's IMS Enterprise 1.1 export (adult education), from a file or SFTP",
  });
}
