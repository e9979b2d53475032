import type { Command } from "commander";
import { IST_IMS_KIND } from "../../../importers/ist-ims/index.ts";
import type { CliContext } from "../context.ts";
import { registerPlainImsImport } from "./import-ims-enterprise.ts";

/** `oneroster import ist-ims [file] --tenant T`: IST Extens / IST Administration "IMS export" (a path, or SFTP). */
export function registerImportIstIms(importer: Command, context: CliContext): void {
  registerPlainImsImport(importer, context, {
    kind: IST_IMS_KIND,
    label: "IST IMS export",
    description: "import IST Extens's IMS Enterprise 1.1 export, from a file or SFTP",
  });
}
