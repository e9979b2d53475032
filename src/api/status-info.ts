/** OneRoster's imsx_StatusInfo: how every error and warning of the API is reported. */
export type CodeMajor = "success" | "processing" | "failure" | "unsupported";
export type Severity = "status" | "warning" | "error";
export type CodeMinor =
  | "fullsuccess"
  | "invalid_filter_field"
  | "invalid_selection_field"
  | "invalid_sort_field"
  | "invaliddata"
  | "unauthorisedrequest"
  | "forbidden"
  | "unknownobject"
  | "server_busy"
  | "internal_server_error"
  | "deletefailure"
  | "unsupported";

export interface StatusInfo {
  imsx_codeMajor: CodeMajor;
  imsx_severity: Severity;
  imsx_description: string;
  imsx_CodeMinor: {
    imsx_codeMinorField: Array<{ imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: CodeMinor }>;
  };
}

export function statusInfo(codeMajor: CodeMajor, severity: Severity, codeMinor: CodeMinor, description: string): StatusInfo {
  return {
    imsx_codeMajor: codeMajor,
    imsx_severity: severity,
    imsx_description: description,
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: "TargetEndSystem", imsx_codeMinorFieldValue: codeMinor }] },
  };
}

/** A request the API refuses: the HTTP status and the status info that goes in the body. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly codeMinor: CodeMinor,
    description: string,
  ) {
    super(description);
    this.name = "ApiError";
  }

  toStatusInfo(): StatusInfo {
    return statusInfo("failure", "error", this.codeMinor, this.message);
  }
}

/** A request served with a part ignored (1.1: an unknown sort or selection field). */
export function warning(codeMinor: CodeMinor, description: string): StatusInfo {
  return statusInfo("success", "warning", codeMinor, description);
}
