/** An authenticated API caller: a consumer key of one tenant, possibly limited to some of its schools. */
export interface ApiClient {
  clientId: string;
  tenantId: string;
  name: string;
  /** Short scope names, e.g. "roster-core.readonly". */
  scopes: string[];
  /** null = every school of the tenant. */
  schoolSourcedIds: string[] | null;
}
