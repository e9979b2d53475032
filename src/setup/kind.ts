import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "../../db/schema.ts";
import type { Logger } from "../log/logger.ts";
import type { GuardSettings, SyncResult } from "../sync/types.ts";
import type { ExportOutcome } from "../../exporters/contract.ts";

/** What a kind needs beside its entry, when it runs and when it is checked. */
export interface KindContext {
  tenantId: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** A path of the setup (relative paths are relative to the setup file's folder) as an absolute one. */
  path: (path: string) => string;
}

export interface SourceRunContext extends KindContext {
  db: Kysely<Database>;
  personnummer: "omit" | "store";
  guard: GuardSettings;
  force: boolean;
  /** YYYY-MM-DD in the setup's time zone: what "current" means for enrolments and terms. */
  today: string;
}

export interface ExportRunContext extends KindContext {
  db: Kysely<Database>;
  today: string;
}

/** One thing `oneroster check` tries: resolves to a short detail, or throws why it failed. */
export interface Check {
  what: string;
  run: () => Promise<string>;
}

export interface EntryProblem {
  path: PropertyKey[];
  message: string;
}

/** An entry of the setup as its kind sees it: the kind's own fields, plus the id and kind every entry has. */
export type EntryOf<K extends string, Shape extends z.ZodRawShape> = { id: string; kind: K } & z.output<z.ZodObject<Shape>>;

/** A source kind: its entry's fields (validated by the importer's own settings schema) and how to run and check it. */
export interface SourceKind<K extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape> {
  kind: K;
  /** The entry's fields beside id and kind: `settings`, and any the kind adds. */
  fields: Shape;
  /** Problems that involve more than one field, with paths inside the entry. */
  problems?: (entry: EntryOf<K, Shape>) => EntryProblem[];
  run(entry: EntryOf<K, Shape>, context: SourceRunContext): Promise<SyncResult>;
  checks(entry: EntryOf<K, Shape>, context: KindContext): Check[];
}

/** An exporter kind: likewise, ending in a recorded export run. */
export interface ExporterKind<K extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape> {
  kind: K;
  fields: Shape;
  /** Problems that involve more than one field, with paths inside the entry. */
  problems?: (entry: EntryOf<K, Shape>) => EntryProblem[];
  run(entry: EntryOf<K, Shape>, context: ExportRunContext): Promise<{ runId: string; outcome: ExportOutcome }>;
  checks(entry: EntryOf<K, Shape>, context: KindContext): Check[];
}

export function defineSourceKind<const K extends string, Shape extends z.ZodRawShape>(kind: SourceKind<K, Shape>): SourceKind<K, Shape> {
  return kind;
}

export function defineExporterKind<const K extends string, Shape extends z.ZodRawShape>(kind: ExporterKind<K, Shape>): ExporterKind<K, Shape> {
  return kind;
}
