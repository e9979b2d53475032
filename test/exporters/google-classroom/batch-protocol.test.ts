import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backoffMs, retryAfterMs } from "../../../exporters/google-classroom/backoff.ts";
import { batchRequestBody, boundaryOf, parseBatchResponse } from "../../../exporters/google-classroom/multipart.ts";

describe("Google batch protocol and backoff", () => {
  it("writes a multipart/mixed batch request byte for byte", () => {
    const body = batchRequestBody(
      [
        { id: "item-0", method: "GET", path: "/v1/courses/d%3Aclass-7a" },
        { id: "item-1", method: "POST", path: "/v1/courses/123/students", body: { userId: "anna@skola.test" } },
      ],
      "b1",
    );
    assert.equal(
      body,
      "--b1\r\nContent-Type: application/http\r\nContent-ID: <item-0>\r\n\r\nGET /v1/courses/d%3Aclass-7a HTTP/1.1\r\n\r\n\r\n" +
        "--b1\r\nContent-Type: application/http\r\nContent-ID: <item-1>\r\n\r\nPOST /v1/courses/123/students HTTP/1.1\r\n" +
        'Content-Type: application/json; charset=UTF-8\r\n\r\n{"userId":"anna@skola.test"}\r\n--b1--\r\n',
    );
  });

  it("reads each answer by its Content-ID, whatever the order, with its status, headers and JSON body", () => {
    const text =
      "--batch_x\r\nContent-Type: application/http\r\nContent-ID: <response-item-1>\r\n\r\nHTTP/1.1 429 Too Many Requests\r\n" +
      'Content-Type: application/json; charset=UTF-8\r\nRetry-After: 3\r\n\r\n{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}\r\n' +
      "--batch_x\r\nContent-Type: application/http\r\nContent-ID: <response-item-0>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" +
      '{"id":"123"}\r\n--batch_x--\r\n';
    assert.equal(boundaryOf("multipart/mixed; boundary=batch_x"), "batch_x");
    assert.equal(boundaryOf('multipart/mixed; boundary="batch_x"'), "batch_x");
    const answers = parseBatchResponse(text, "batch_x");
    assert.deepEqual(answers.get("item-0"), { status: 200, headers: { "content-type": "application/json" }, body: { id: "123" } });
    assert.deepEqual(answers.get("item-1"), {
      status: 429,
      headers: { "content-type": "application/json; charset=UTF-8", "retry-after": "3" },
      body: { error: { code: 429, message: "quota", status: "RESOURCE_EXHAUSTED" } },
    });
    assert.equal(answers.size, 2);
  });

  it("waits a Retry-After exactly, else half to all of the capped exponential", () => {
    const options = { maxRetries: 5, backoffBaseMs: 1000, backoffMaxMs: 5000 };
    assert.equal(retryAfterMs("2"), 2000);
    assert.equal(retryAfterMs(undefined), undefined);
    assert.equal(backoffMs(3, 2000, options), 2000);
    assert.equal(backoffMs(0, undefined, { ...options, random: () => 0 }), 500);
    assert.equal(backoffMs(2, undefined, { ...options, random: () => 0.999999 }), 4000);
    assert.equal(backoffMs(9, undefined, { ...options, random: () => 0 }), 2500, "capped at backoffMaxMs");
  });
});
