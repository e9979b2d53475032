import type { ExporterKind } from "./kind.ts";
import { asmExporterKind } from "./exporters/asm.ts";
import { classroomExporterKind } from "./exporters/classroom.ts";
import { graphExporterKind } from "./exporters/graph.ts";
import { oneRosterCsvExporterKind } from "./exporters/oneroster-csv.ts";
import { sdsExporterKind } from "./exporters/sds.ts";

/**
 * Every kind of exporter a setup may name: kind → its settings schema (the exporter's own) and how to run and check it.
 * A new exporter is one entry here (and one file in ./exporters/ built with defineExporterKind).
 */
export const EXPORTER_KINDS = [sdsExporterKind, asmExporterKind, graphExporterKind, classroomExporterKind, oneRosterCsvExporterKind] as const;

export function exporterKind(kind: string): ExporterKind<string, any> {
  const found = EXPORTER_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown exporter kind "${kind}"`);
  return found as unknown as ExporterKind<string, any>;
}
