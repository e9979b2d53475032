import { z } from "zod";
import { mappingSchema } from "../mapped-file/mapping.ts";
import { mappedFileSettingsSchema } from "../mapped-file/settings.ts";

/**
 * Tersus Adela: its XML export, read through the mapped-file importer with the "adela" preset (to be confirmed with a customer file). The real product fetches the file from Adela's FTP server; here `file` is a local path (fetch it there first).
 */
export const adelaSettingsSchema = mappedFileSettingsSchema.extend({
  kind: z.literal("adela").default("adela"),
  /** Path of the XML file. */
  file: z.string().min(1),
  /** The preset by default; a mapping file (or object) of one's own where a customer's file differs. */
  mapping: z.union([z.string().min(1), mappingSchema]).default("adela"),
});

export type AdelaSettings = z.infer<typeof adelaSettingsSchema>;
export type AdelaSettingsInput = z.input<typeof adelaSettingsSchema>;
