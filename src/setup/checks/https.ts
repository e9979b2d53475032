import { httpsGetStream, type ClientCertificate } from "../../../importers/ims-enterprise/fetch-https.ts";

/**
 * GETs a service with the client certificate, as the import does, and stops at its first bytes: the TLS handshake
 * (certificate accepted) and a 200 are what is checked, not the whole answer.
 */
export async function checkCertificateService(url: string, certificate: ClientCertificate, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const body = httpsGetStream(url, certificate, { timeoutMs, env });
  try {
    const first = await body.next();
    return `${url} answered 200 with the client certificate${first.done ? " (an empty answer)" : ""}`;
  } finally {
    await body.return(undefined);
  }
}
