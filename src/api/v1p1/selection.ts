import type { EntityDefinition, JsonRecord } from "./entity.ts";

const cache = new WeakMap<EntityDefinition, { selectable: ReadonlySet<string>; sortable: ReadonlySet<string> }>();

/** The fields `fields` may select (every top-level JSON field) and those `sort` may name (every filterable field). */
export function selectionSets(entity: EntityDefinition): { selectable: ReadonlySet<string>; sortable: ReadonlySet<string> } {
  let sets = cache.get(entity);
  if (!sets) {
    sets = { selectable: new Set(entity.jsonFields), sortable: new Set(Object.keys(entity.fields)) };
    cache.set(entity, sets);
  }
  return sets;
}

/** The record with only the selected fields, in the record's own order; null = all. */
export function project(json: JsonRecord, fields: readonly string[] | null): JsonRecord {
  if (fields === null) return json;
  const picked: JsonRecord = {};
  for (const key of Object.keys(json)) if (fields.includes(key)) picked[key] = json[key];
  return picked;
}
