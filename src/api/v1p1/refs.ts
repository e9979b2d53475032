export interface GuidRef {
  href: string;
  sourcedId: string;
  type: string;
}

const COLLECTION_OF_TYPE: Readonly<Record<string, string>> = {
  academicSession: "academicSessions",
  category: "categories",
  class: "classes",
  course: "courses",
  demographics: "demographics",
  enrollment: "enrollments",
  lineItem: "lineItems",
  org: "orgs",
  resource: "resources",
  result: "results",
  user: "users",
};

/** GUIDRefs with absolute hrefs under the base URL the request came in on. */
export class RefBuilder {
  readonly #prefixes = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  ref(type: string, sourcedId: string): GuidRef {
    let prefix = this.#prefixes.get(type);
    if (prefix === undefined) {
      prefix = `${this.baseUrl}/${COLLECTION_OF_TYPE[type] ?? type}/`;
      this.#prefixes.set(type, prefix);
    }
    return { href: prefix + encodeURIComponent(sourcedId), sourcedId, type };
  }

  refs(type: string, sourcedIds: readonly string[] | null): GuidRef[] {
    return (sourcedIds ?? []).map((id) => this.ref(type, id));
  }
}
