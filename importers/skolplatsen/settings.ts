import { z } from "zod";
import { mappingSchema } from "../mapped-file/mapping.ts";
import { mappedFileSettingsSchema } from "../mapped-file/settings.ts";

/**
 * Skolplatsen: its person export, read through the mapped-file importer with the "skolplatsen" preset (to be confirmed with a customer file).
 */
export const skolplatsenSettingsSchema = mappedFileSettingsSchema.extend({
  kind: z.literal("skolplatsen").default("skolplatsen"),
  /** Path of the semicolon-separated text file. */
  file: z.string().min(1),
  /** The preset by default; a mapping file (or object) of one's own where a customer's file differs. */
  mapping: z.union([z.string().min(1), mappingSchema]).default("skolplatsen"),
});

export type SkolplatsenSettings = z.infer<typeof skolplatsenSettingsSchema>;
export type SkolplatsenSettingsInput = z.input<typeof skolplatsenSettingsSchema>;
