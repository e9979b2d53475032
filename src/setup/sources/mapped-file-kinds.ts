import type { z } from "zod";
import type { adelaSettingsSchema } from "../../../importers/adela/settings.ts";
import type { Mapping } from "../../../importers/mapped-file/mapping.ts";
import { loadMapping, PRESETS } from "../../../importers/mapped-file/presets.ts";
import type { mappedFileSettingsSchema } from "../../../importers/mapped-file/settings.ts";
import type { skolplatsenSettingsSchema } from "../../../importers/skolplatsen/settings.ts";
import { importMappedFile } from "../../imports/mapped-file-import.ts";
import { readableFile } from "../checks/files.ts";
import { defineSourceKind, type KindContext } from "../kind.ts";
import { strictKeys } from "../strict-keys.ts";

type MappedSchema = typeof mappedFileSettingsSchema | typeof adelaSettingsSchema | typeof skolplatsenSettingsSchema;

/** A preset's name stays a name; a mapping file's path is made absolute against the setup file. */
function mappingOf(mapping: string | Mapping, context: KindContext): string | Mapping {
  return typeof mapping === "string" && !Object.hasOwn(PRESETS, mapping) ? context.path(mapping) : mapping;
}

/**
 * A register read through the mapped-file importer (Adela, Skolplatsen, or a mapping of one's own): the file and its
 * mapping. The kind recorded on the source is the entry's kind, so the setup has no `settings.kind`.
 */
export function mappedFileSourceKind<const K extends "mapped-file" | "adela" | "skolplatsen">(kind: K, schema: MappedSchema) {
  const settingsSchema = (schema as typeof mappedFileSettingsSchema).omit({ kind: true }) as unknown as z.ZodType<Omit<z.output<typeof mappedFileSettingsSchema>, "kind">>;
  return defineSourceKind({
    kind,
    fields: { settings: strictKeys(settingsSchema) },
    async run(entry, context) {
      const file = context.path(entry.settings.file);
      await readableFile(file);
      const settings = { ...entry.settings, kind, file, mapping: mappingOf(entry.settings.mapping, context), personnummer: context.personnummer };
      return importMappedFile(context.db, settings, {
        tenantId: context.tenantId,
        sourceId: entry.id,
        today: context.today,
        force: context.force,
        guard: context.guard,
        logger: context.logger,
      });
    },
    checks(entry, context) {
      const mapping = mappingOf(entry.settings.mapping, context);
      return [
        { what: "file", run: () => readableFile(context.path(entry.settings.file)) },
        {
          what: "mapping",
          run: async () => {
            const loaded = await loadMapping(mapping);
            const where = typeof mapping === "string" ? (Object.hasOwn(PRESETS, mapping) ? `preset ${mapping}` : mapping) : "the setup";
            return `"${loaded.name}" from ${where} (${loaded.format}, ${loaded.records.length} record set(s))${loaded.toBeConfirmed ? ", to be confirmed with a customer file" : ""}`;
          },
        },
      ];
    },
  });
}
