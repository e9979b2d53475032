import type { Ss12000Client } from "./client.ts";
import type { PeopleBuilder } from "./people.ts";
import { compactActivity, compactDuty, compactGroup, compactPlacement, type SourceData } from "./source-data.ts";
import type { Collection, Collections } from "./types.ts";

export type LoadProgress = (progress: { collection: Collection; objects: number }) => void;

/**
 * Reads every object of the structural collections into `data`, page by page, all collections at once (each waits on
 * the server for its own pages). When one fails, the others stop at their next page.
 */
export async function loadStructure(client: Ss12000Client, data: SourceData, onProgress: LoadProgress): Promise<void> {
  const { strings } = data;
  let failed = false;
  const load = async <C extends Collection>(collection: C, keep: (object: Collections[C]) => void) => {
    let n = 0;
    try {
      for await (const page of client.pages(collection)) {
        if (failed) return;
        for (const object of page) keep(object);
        onProgress({ collection, objects: (n += page.length) });
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  await Promise.all([
    load("organisations", (o) => data.orgs.set(o.id, o)),
    load("syllabuses", (s) => data.syllabuses.set(s.id, s)),
    load("duties", (d) => data.duties.set(d.id, compactDuty(d, strings))),
    load("placements", (p) => data.placements.push(compactPlacement(p, strings))),
    load("groups", (g) => data.groups.set(g.id, compactGroup(g, strings))),
    load("activities", (a) => data.activities.set(a.id, compactActivity(a, strings))),
  ]);
}

/** Streams every person into the people builder, which keeps only what becomes a user. */
export async function loadPersons(client: Ss12000Client, people: Pick<PeopleBuilder, "add">, onProgress: LoadProgress): Promise<void> {
  let n = 0;
  for await (const page of client.pages("persons")) {
    for (const person of page) people.add(person);
    onProgress({ collection: "persons", objects: (n += page.length) });
  }
}
