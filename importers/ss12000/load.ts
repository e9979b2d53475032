import type { Ss12000Client } from "./client.ts";
import type { PeopleBuilder } from "./people.ts";
import { Interner, compactActivity, compactDuty, compactGroup, compactPlacement, type SourceData } from "./source-data.ts";
import type { Collection } from "./types.ts";

export type LoadProgress = (progress: { collection: Collection; objects: number }) => void;

/** Reads every object of the structural collections into `data`, page by page. */
export async function loadStructure(client: Ss12000Client, data: SourceData, onProgress: LoadProgress): Promise<void> {
  const strings = new Interner();
  let n = 0;
  for await (const page of client.pages("organisations")) {
    for (const o of page) data.orgs.set(o.id, o);
    onProgress({ collection: "organisations", objects: (n += page.length) });
  }
  n = 0;
  for await (const page of client.pages("syllabuses")) {
    for (const s of page) data.syllabuses.set(s.id, s);
    onProgress({ collection: "syllabuses", objects: (n += page.length) });
  }
  n = 0;
  for await (const page of client.pages("duties")) {
    for (const d of page) data.duties.set(d.id, compactDuty(d, strings));
    onProgress({ collection: "duties", objects: (n += page.length) });
  }
  n = 0;
  for await (const page of client.pages("placements")) {
    for (const p of page) data.placements.push(compactPlacement(p, strings));
    onProgress({ collection: "placements", objects: (n += page.length) });
  }
  n = 0;
  for await (const page of client.pages("groups")) {
    for (const g of page) data.groups.set(g.id, compactGroup(g, strings));
    onProgress({ collection: "groups", objects: (n += page.length) });
  }
  n = 0;
  for await (const page of client.pages("activities")) {
    for (const a of page) data.activities.set(a.id, compactActivity(a, strings));
    onProgress({ collection: "activities", objects: (n += page.length) });
  }
}

/** Streams every person into the people builder, which keeps only what becomes a user. */
export async function loadPersons(client: Ss12000Client, people: Pick<PeopleBuilder, "add">, onProgress: LoadProgress): Promise<void> {
  let n = 0;
  for await (const page of client.pages("persons")) {
    for (const person of page) people.add(person);
    onProgress({ collection: "persons", objects: (n += page.length) });
  }
}
