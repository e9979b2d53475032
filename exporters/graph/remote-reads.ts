import type { Client } from "@microsoft/microsoft-graph-client";
import { errorMessage, sendBatches, type BatchItem, type BatchOptions, type BatchResult } from "./batch.ts";

/** What the exporter's reads of Graph share: a keyed batch read, paging, OData string literals. */
export class GraphReadError extends Error {}

export interface Keyed extends BatchItem {
  key: string;
}

/** Reads a list of items (one $batch per 20), each answered 200 or 404; anything else stops the run. */
export async function readAll(client: Client, items: Keyed[], options: BatchOptions, onRead: (key: string, result: BatchResult) => void): Promise<void> {
  await sendBatches(client, items, options, async (results) => {
    for (const { item, result } of results) {
      if (result.status !== 200 && result.status !== 404) throw new GraphReadError(`GET ${item.url}: Graph answered ${errorMessage(result)}`);
      onRead(item.key, result);
    }
  });
}

/** Follows @odata.nextLink of a collection page to its end. */
export async function allIds(client: Client, first: unknown): Promise<string[]> {
  const ids: string[] = [];
  let page = first as { value?: Array<{ id: string }>; "@odata.nextLink"?: string } | null;
  while (page) {
    for (const entry of page.value ?? []) ids.push(entry.id);
    const next = page["@odata.nextLink"];
    page = next ? ((await client.api(next).get()) as typeof page) : null;
  }
  return ids.sort();
}

export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
