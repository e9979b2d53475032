import { validateDetailed } from "node-cron";
import { z } from "zod";
import { DEFAULT_GUARD } from "../sync/types.ts";
import { EXPORTER_KINDS } from "./exporter-kinds.ts";
import type { EntryProblem } from "./kind.ts";
import { SOURCE_KINDS } from "./source-kinds.ts";
import { formatPath } from "./yaml-locations.ts";

export const DEFAULT_SCHEDULE = "0 2 * * *";
export const DEFAULT_TIMEZONE = "Europe/Stockholm";

const id = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `missing ${what} id` : `${what} id must be text`) }).regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, `a ${what} id is lowercase letters, digits, - and _ (at most 63), starting with a letter or digit`);

const cron = z.string().superRefine((expression, ctx) => {
  const { valid, errors } = validateDetailed(expression);
  if (!valid) ctx.addIssue({ code: "custom", message: `"${expression}" is not a cron expression: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}` });
});

const timezone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: (issue) => `"${String(issue.input)}" is not an IANA time zone (e.g. Europe/Stockholm)` },
);

/** The sync engine's mass-delete guard (GuardSettings) for a tenant's imports. */
const massDeleteGuard = z.strictObject({
  share: z.number().gt(0).max(1).default(DEFAULT_GUARD.share),
  minimum: z.number().int().min(0).default(DEFAULT_GUARD.minimum),
});

type Kind = { kind: string; fields: z.ZodRawShape; problems?: (entry: never) => EntryProblem[] };

/** One discriminated union of the registered kinds, each entry `{id, kind, …its fields}` with nothing else. */
function entryUnion(what: "source" | "exporter", kinds: readonly Kind[], extra?: (input: Record<string, unknown>) => EntryProblem[]) {
  const names = kinds.map((k) => k.kind).join(", ");
  const members = kinds.map((k) =>
    z
      .strictObject({ id: id(what), kind: z.literal(k.kind), ...k.fields })
      .superRefine((entry, ctx) => {
        for (const problem of k.problems?.(entry as never) ?? []) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
      }),
  );
  const union = z.discriminatedUnion("kind", members as unknown as [z.ZodObject, ...z.ZodObject[]], {
    error: (issue) => {
      if (issue.code !== "invalid_union") return undefined;
      const kind = (issue.input as { kind?: unknown } | undefined)?.kind;
      return kind === undefined ? `missing ${what} kind (one of ${names})` : `unknown ${what} kind ${JSON.stringify(kind)} (known: ${names})`;
    },
  });
  if (!extra) return union;
  return z.preprocess((input, ctx) => {
    if (input !== null && typeof input === "object") for (const problem of extra(input as Record<string, unknown>)) ctx.issues.push({ code: "custom", input, ...problem });
    return input;
  }, union);
}

/** The personnummer policy is the tenant's, for every source alike; a source saying otherwise is a mistake. */
function sourcePolicyProblems(input: Record<string, unknown>): EntryProblem[] {
  const settings = input.settings as Record<string, unknown> | undefined;
  return settings && typeof settings === "object" && "personnummer" in settings
    ? [{ path: ["settings", "personnummer"], message: "the personnummer policy is the tenant's: set personnummer (omit or store) on the tenant" }]
    : [];
}

/** Each id once in a list; the second names where the first is. */
function uniqueIds(items: ReadonlyArray<{ id: string }>, what: string, listPath: PropertyKey[], ctx: z.RefinementCtx): void {
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    const earlier = first.get(item.id);
    if (earlier === undefined) first.set(item.id, index);
    else ctx.addIssue({ code: "custom", path: [...listPath, index, "id"], message: `duplicate ${what} id "${item.id}" (${formatPath([...listPath, earlier])} has it too)` });
  });
}

const sourceEntry = entryUnion("source", SOURCE_KINDS as unknown as Kind[], sourcePolicyProblems) as unknown as z.ZodType<SourceEntry>;
const exporterEntry = entryUnion("exporter", EXPORTER_KINDS as unknown as Kind[]) as unknown as z.ZodType<ExporterEntry>;

const tenantSchema = z.strictObject({
  id: id("tenant"),
  name: z.string().min(1).optional(),
  /** When the tenant's pipeline runs; default: the setup's schedule. */
  schedule: cron.optional(),
  personnummer: z.enum(["omit", "store"]).default("omit"),
  massDeleteGuard: massDeleteGuard.prefault({}),
  sources: z.array(sourceEntry).min(1, "a tenant needs at least one source"),
  exporters: z.array(exporterEntry).default([]),
});

export const setupSchema = z
  .strictObject({
    timezone: timezone.default(DEFAULT_TIMEZONE),
    schedule: cron.default(DEFAULT_SCHEDULE),
    tenants: z.array(tenantSchema).min(1, "a setup needs at least one tenant"),
  })
  .superRefine((setup, ctx) => {
    uniqueIds(setup.tenants, "tenant", ["tenants"], ctx);
    setup.tenants.forEach((tenant, t) => {
      uniqueIds(tenant.sources, "source", ["tenants", t, "sources"], ctx);
      uniqueIds(tenant.exporters, "exporter", ["tenants", t, "exporters"], ctx);
    });
  });

export type Setup = z.output<typeof setupSchema>;
export type TenantSetup = Setup["tenants"][number];
/** An entry as the kinds registered give it: id and kind, then the kind's own fields. */
export type SourceEntry = { id: string; kind: string } & Record<string, unknown>;
export type ExporterEntry = { id: string; kind: string } & Record<string, unknown>;
