import { parse, v5 } from "uuid";

/** Namespace of the demo generator's UUIDv5 sourcedIds. */
const DEMO_NAMESPACE = parse("5d1f3a52-5b8e-4f7a-9a57-2f6f0c1e9b31");

/** A stable sourcedId: UUIDv5 of (tenant, source, entity, local key), as for every source without its own UUIDs. */
export function demoSourcedId(tenantId: string, sourceId: string, entity: string, localKey: string): string {
  return v5(`${tenantId}/${sourceId}/${entity}/${localKey}`, DEMO_NAMESPACE);
}
