import { ImsFetchError } from "../ims-enterprise/errors.ts";
import { httpsGetStream } from "../ims-enterprise/fetch-https.ts";
import { localFileStream } from "../ims-enterprise/file-stream.ts";
import type { ImsInput } from "../ims-enterprise/importer.ts";
import type { EdlevoSettings } from "./settings.ts";

/**
 * What an Edlevo run reads: every school type's Organization service (or its delta service with StartDate and
 * EndDate, the window Edlevo allows being 5 minutes to 24 hours), then the Personnel service; or the saved files.
 */
export function edlevoInputs(settings: EdlevoSettings, options: { env?: NodeJS.ProcessEnv; delta?: { start: string; end: string } } = {}): ImsInput[] {
  const inputs: ImsInput[] = [];
  for (const file of settings.files) inputs.push({ name: file, kind: "organization", open: () => localFileStream(file) });
  for (const file of settings.personnelFiles) inputs.push({ name: file, kind: "personnel", open: () => localFileStream(file) });
  const tls = settings.tls;
  const get = (url: string) => () => httpsGetStream(url, tls!, { timeoutMs: settings.timeoutMs, ...(options.env ? { env: options.env } : {}) });
  for (const service of settings.services) {
    let url = service.url;
    if (options.delta) {
      if (!service.deltaUrl) throw new ImsFetchError(`${service.url}: no deltaUrl is set for this service, so it cannot be read as a delta`);
      const query = new URL(service.deltaUrl);
      query.searchParams.set("StartDate", options.delta.start);
      query.searchParams.set("EndDate", options.delta.end);
      url = query.toString();
    }
    inputs.push({ name: url, kind: "organization", open: get(url) });
  }
  if (settings.personnelUrl && !options.delta) inputs.push({ name: settings.personnelUrl, kind: "personnel", open: get(settings.personnelUrl) });
  return inputs;
}
