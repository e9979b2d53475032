import { z } from "zod";
import { termsSchema } from "../mapped-file/terms.ts";

const position = z.number().int().min(1);

/** The settings of one Unikum source: its text import files, as a setup file (or the CLI) gives them. */
export const unikumSettingsSchema = z
  .object({
    /** The files, read in this order: objects (user, class, school rows) first, then relations; one file may hold both. */
    files: z.array(z.string().min(1)).min(1),
    /** auto: a byte order mark decides, else valid UTF-8 is UTF-8 and anything else ISO-8859-1. */
    encoding: z.enum(["auto", "utf-8", "iso-8859-1", "utf-16"]).default("auto"),
    /** auto: the one (tab, semicolon, comma) that makes the first row's last field a row type. */
    delimiter: z.enum(["auto", "tab", "comma", "semicolon"]).default("auto"),
    /**
     * 1-based columns of a relation row; the relation type is always its last column. TO BE CONFIRMED with Unikum's
     * example files (their published description does not give the order).
     */
    relationColumns: z
      .object({ from: position.default(1), to: position.default(2), operation: position.default(3) })
      .prefault({})
      .refine((c) => new Set([c.from, c.to, c.operation]).size === 3, { message: "from, to and operation need three different columns" }),
    /** Classes whose name matches become homeroom classes (as do classes with a mentor); the others teaching groups. */
    homeroomNamePattern: z
      .string()
      .default("^(F|FK|[0-9]{1,2}|[A-ZÅÄÖ]{2,4}[0-9]{2})[ -]?[A-Za-zÅÄÖåäö]?$")
      .refine((p) => isRegExp(p), { message: "not a regular expression" }),
    /** "store" keeps personnummer as the user's identifier; the default never stores it. */
    personnummer: z.enum(["omit", "store"]).default("omit"),
    terms: termsSchema,
  });

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

export type UnikumSettings = z.infer<typeof unikumSettingsSchema>;
export type UnikumSettingsInput = z.input<typeof unikumSettingsSchema>;
