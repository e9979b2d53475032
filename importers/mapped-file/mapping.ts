import { z } from "zod";

/** Where a value is: a column name of the header row (CSV/TSV/XLSX), or a path below the record element (XML). */
const ref = z.string().trim().min(1);

export const ROSTER_ROLES = ["student", "teacher", "administrator", "aide", "guardian"] as const;

/**
 * The canonical fields a record can fill. XML paths: element names separated by "/", "@name" for an attribute,
 * ".." for the parent element (e.g. "../../@id" for the id of the school a <Elev> sits in); a path that meets several
 * elements gives several values (e.g. every group of a person).
 */
export const mappedFieldsSchema = z.strictObject({
  /** The register's own stable id of the person; without it (or when empty) the personnummer keys the person. */
  personId: ref.optional(),
  givenName: ref,
  familyName: ref,
  email: ref.optional(),
  phone: ref.optional(),
  mobile: ref.optional(),
  personnummer: ref.optional(),
  /** Values listed under `values.roles`. */
  role: ref.optional(),
  /** Values listed under `values.protected` mark protected identity: the record is dropped, only counted. */
  protected: ref.optional(),
  /** Id of the school (skolenhet) the person belongs to. */
  school: ref,
  schoolName: ref.optional(),
  /** Skolenhetskod. */
  schoolCode: ref.optional(),
  /** SS 12000 school type (GR, GY …) for the grade. */
  schoolType: ref.optional(),
  /** Årskurs (students). */
  grade: ref.optional(),
  /** The homeroom class (klass): students are its members, staff its mentors (teachers). */
  class: ref.optional(),
  /** Teaching groups (undervisningsgrupper): students are members, staff teach them. Several values, or one cell split on `listSeparator`. */
  groups: ref.optional(),
});

export const recordSetSchema = z.strictObject({
  /** XML: the path from the document element down to the repeated element, e.g. "Adela/Skolor/Skola/Elever/Elev". */
  path: z.string().trim().min(1).optional(),
  /** XLSX: the worksheet (default: the first). */
  sheet: z.string().min(1).optional(),
  /** Every record here has this role (else `fields.role` says). */
  role: z.enum(ROSTER_ROLES).optional(),
  fields: mappedFieldsSchema,
}).refine((r) => r.role !== undefined || r.fields.role !== undefined, { message: "give role (every record's) or fields.role", path: ["role"] })
  .refine((r) => r.fields.personId !== undefined || r.fields.personnummer !== undefined, { message: "map personId or personnummer (or both)", path: ["fields", "personId"] });

export const mappingSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    /** A preset not yet checked against a real customer file says so (and the CLI repeats it). */
    toBeConfirmed: z.boolean().default(false),
    format: z.enum(["csv", "tsv", "xlsx", "xml"]),
    /** CSV/TSV (and XML without an encoding declaration): auto = byte order mark, else UTF-8 if valid, else ISO-8859-1. */
    encoding: z.enum(["auto", "utf-8", "iso-8859-1", "utf-16"]).default("auto"),
    /** CSV: the field separator (TSV is always tab). */
    delimiter: z.enum([",", ";", "\t"]).default(","),
    /** Splits a cell of `groups` into several groups (tabular files). */
    listSeparator: z.string().min(1).default(","),
    records: z.array(recordSetSchema).min(1),
    values: z
      .strictObject({
        /** Source values (compared without case) per role. */
        roles: z.partialRecord(z.enum(ROSTER_ROLES), z.array(z.string())).default({
          student: ["elev", "student"],
          teacher: ["lärare", "larare", "teacher", "personal"],
          administrator: ["rektor", "administratör", "administrator"],
          aide: ["assistent", "elevassistent"],
          guardian: ["vårdnadshavare", "guardian"],
        }),
        /** Source values (compared without case) that mark protected identity. */
        protected: z.array(z.string()).default(["1", "true", "ja", "j", "yes", "y", "x", "skyddad"]),
      })
      .prefault({}),
  })
  .refine((m) => m.format !== "xml" || m.records.every((r) => r.path !== undefined), { message: "an XML mapping needs a path on every record set", path: ["records"] });

export type Mapping = z.infer<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;
export type RecordSet = z.infer<typeof recordSetSchema>;
export type MappedField = keyof z.infer<typeof mappedFieldsSchema>;
