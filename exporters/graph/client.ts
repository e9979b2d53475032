import { ConfidentialClientApplication } from "@azure/msal-node";
import {
  Client,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from "@microsoft/microsoft-graph-client";
import { FetchNetworkModule } from "./msal-fetch-network.ts";
import type { GraphSettings } from "./settings.ts";

type ClientSettings = Pick<GraphSettings, "directoryTenantId" | "clientId" | "authorityUrl" | "graphUrl" | "maxRetries">;

/**
 * MSAL for client credentials against `authorityUrl`. The authority's metadata is given, not discovered, so MSAL makes
 * exactly one request (the token request) and never calls the instance-discovery endpoint; the same config with
 * Microsoft's URLs is the production one. MSAL wants an https authority name; the token endpoint is what is called.
 */
export function tokenClient(settings: ClientSettings, clientSecret: string): ConfidentialClientApplication {
  const authority = new URL(settings.authorityUrl);
  const base = `${settings.authorityUrl.replace(/\/$/, "")}/${settings.directoryTenantId}`;
  const metadata = {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
  };
  const discovery = {
    tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: authority.host, preferred_cache: authority.host, aliases: [authority.host] }],
  };
  return new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      clientSecret,
      authority: `https://${authority.host}/${settings.directoryTenantId}`,
      knownAuthorities: [authority.host],
      authorityMetadata: JSON.stringify(metadata),
      cloudDiscoveryMetadata: JSON.stringify(discovery),
    },
    system: { networkClient: new FetchNetworkModule() },
  });
}

/** Adds the bearer token to every request. The SDK's own AuthenticationHandler only does so for https Graph hosts. */
class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly provider: AuthenticationProvider) {}

  async execute(context: Context): Promise<void> {
    const token = await this.provider.getAccessToken();
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set("Authorization", `Bearer ${token}`);
    context.options = { ...context.options, headers: Object.fromEntries(headers.entries()) };
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * The Graph client: bearer token from MSAL, the SDK's RetryHandler (429/503/504, honouring Retry-After), then the
 * SDK's fetch. `baseUrl` is settings.graphUrl, so a loopback fake and graph.microsoft.com take the same path.
 */
export function graphClient(settings: ClientSettings, clientSecret: string): Client {
  const msal = tokenClient(settings, clientSecret);
  const scope = `${settings.graphUrl.replace(/\/$/, "")}/.default`;
  const provider: AuthenticationProvider = {
    getAccessToken: async () => {
      const result = await msal.acquireTokenByClientCredential({ scopes: [scope] });
      if (!result?.accessToken) throw new Error("the token endpoint gave no access token");
      return result.accessToken;
    },
  };
  const auth = new BearerTokenHandler(provider);
  const retry = new RetryHandler(new RetryHandlerOptions(3, settings.maxRetries));
  auth.setNext(retry);
  retry.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({ middleware: auth, baseUrl: `${settings.graphUrl.replace(/\/$/, "")}/`, defaultVersion: "v1.0" });
}
