export type FaultAction =
  | { kind: "status"; status: number; retryAfter?: number }
  | { kind: "delay"; ms: number }
  /** Sends the headers and half the JSON body, then destroys the socket. */
  | { kind: "truncate" };

export interface FaultRule {
  /** Route below the API base, e.g. "/persons"; absent: every API route (never `/token`). */
  path?: string;
  /** Page of a paged walk: 1 is the request without pageToken. Absent: any request. */
  page?: number;
  /** How many matching requests the rule still fires on. */
  remaining: number;
  action: FaultAction;
}

interface Where {
  path?: string;
  page?: number;
}

/** Switches tests flip to make the fake misbehave; each rule fires on its next `times` matching requests. */
export class Faults {
  readonly rules: FaultRule[] = [];

  add(rule: FaultRule): this {
    this.rules.push(rule);
    return this;
  }

  /** 429 with `Retry-After: retryAfter` (seconds). */
  tooManyRequests(options: Where & { times?: number; retryAfter?: number } = {}): this {
    return this.add({ ...where(options), remaining: options.times ?? 1, action: { kind: "status", status: 429, retryAfter: options.retryAfter ?? 1 } });
  }

  serverError(options: Where & { times?: number; status?: number } = {}): this {
    return this.add({ ...where(options), remaining: options.times ?? 1, action: { kind: "status", status: options.status ?? 500 } });
  }

  /** Delays matching responses by `ms`; fires on every match unless `times` is given. */
  slow(options: Where & { ms: number; times?: number }): this {
    return this.add({ ...where(options), remaining: options.times ?? Infinity, action: { kind: "delay", ms: options.ms } });
  }

  truncate(options: Where & { times?: number } = {}): this {
    return this.add({ ...where(options), remaining: options.times ?? 1, action: { kind: "truncate" } });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The actions for a request, consuming one firing of each matching rule. */
  take(path: string, page: number | undefined): FaultAction[] {
    const actions: FaultAction[] = [];
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.path !== undefined && rule.path !== path) continue;
      if (rule.page !== undefined && rule.page !== page) continue;
      rule.remaining--;
      actions.push(rule.action);
    }
    return actions;
  }
}

function where(options: Where): Where {
  return {
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.page !== undefined ? { page: options.page } : {}),
  };
}
