import { z } from "zod";
import { mappingSchema } from "./mapping.ts";
import { termsSchema } from "./terms.ts";

/**
 * The settings of one mapped-file source (a register without a public format): the file, and the mapping that says
 * which column or XML path holds what — a preset's name ("adela", "skolplatsen"), a mapping file, or the mapping itself.
 */
export const mappedFileSettingsSchema = z.object({
  /** The kind recorded on the source: "adela", "skolplatsen" or "mapped-file". */
  kind: z.string().min(1).default("mapped-file"),
  /** Path of the file (CSV, TSV, XLSX or XML, as the mapping says). */
  file: z.string().min(1),
  mapping: z.union([z.string().min(1), mappingSchema]),
  /** "store" keeps personnummer as the user's identifier; the default never stores it. */
  personnummer: z.enum(["omit", "store"]).default("omit"),
  terms: termsSchema,
});

export type MappedFileSettings = z.infer<typeof mappedFileSettingsSchema>;
export type MappedFileSettingsInput = z.input<typeof mappedFileSettingsSchema>;
