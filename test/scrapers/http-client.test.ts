import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, retryWait } from "../../ts/scrapers/backoff.ts";
import { fetchWithRetry, type HttpPolicy } from "../../ts/scrapers/http-client.ts";
import { redactUrl, secretRedactor } from "../../ts/scrapers/redact.ts";
import { captureLogger, recordingSleep, scrapeFailure, send, TEST_ODDS_KEY, TestServer } from "./helpers.ts";

const policy: HttpPolicy = { timeoutMs: 1000, maxRetries: 3, backoffCapMs: 60_000, baseDelayMs: 1000 };

let server: TestServer;
beforeAll(async () => {
  server = await new TestServer().start();
});
afterAll(async () => {
  await server.close();
});

function request(pathAndQuery = `/v4/x?apiKey=${TEST_ODDS_KEY}&a=1`) {
  const url = `${server.baseUrl}${pathAndQuery}`;
  return { source: "odds-api", url, redactedUrl: redactUrl(url, ["apiKey"]), headers: {} };
}

describe("backoff", () => {
  it("grows exponentially and is capped", () => {
    const p = { baseDelayMs: 1000, capMs: 60_000 };
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => backoffDelay(k, p, () => 1));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  it("jitters within [e/2, e]", () => {
    const p = { baseDelayMs: 1000, capMs: 60_000 };
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
    expect(backoffDelay(3, p, () => 0.5)).toBe(3000);
    for (let i = 0; i < 50; i++) {
      const w = backoffDelay(4, p);
      expect(w).toBeGreaterThanOrEqual(4000);
      expect(w).toBeLessThanOrEqual(8000);
    }
  });

  it("honours Retry-After in seconds or as an HTTP date, capped", () => {
    const now = new Date("2025-01-15T12:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Wed, 15 Jan 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(retryWait(1, "120", { baseDelayMs: 1000, capMs: 60_000 })).toBe(60_000);
    expect(retryWait(1, "3", { baseDelayMs: 1000, capMs: 60_000 })).toBe(3000);
  });
});

describe("fetchWithRetry", () => {
  it("fails at once on a non-retryable 4xx, naming source, redacted URL and status", async () => {
    server.handle((_req, res) => send(res, 401, `{"message":"API key ${TEST_ODDS_KEY} is not valid"}`));
    const sleep = recordingSleep();
    const log = captureLogger();
    const redact = secretRedactor({ secrets: { oddsApiKey: TEST_ODDS_KEY } });
    const error = await scrapeFailure(
      fetchWithRetry(request(), policy, { sleep: sleep.sleep, logger: log.logger, redact }),
    );
    expect(error.kind).toBe("http_status");
    expect(error.status).toBe(401);
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("odds-api: HTTP 401");
    expect(error.message).toContain("/v4/x?apiKey=[redacted]&a=1");
    expect(error.message).toContain("API key [redacted] is not valid"); // echoed key scrubbed from the body
    expect(error.message).not.toContain(TEST_ODDS_KEY);
    expect(server.requests).toHaveLength(1);
    expect(sleep.waits).toEqual([]);
    expect(log.text()).not.toContain(TEST_ODDS_KEY);
  });

  it("returns the caller's final statuses (e.g. 204) without retrying", async () => {
    server.handle((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const res = await fetchWithRetry({ ...request(), finalStatuses: [204] }, policy, { sleep: recordingSleep().sleep });
    expect(res.status).toBe(204);
    expect(res.body.byteLength).toBe(0);
    expect(res.attempts).toBe(1);
  });

  it("retries 502/503/504 and succeeds", async () => {
    const statuses = [502, 503, 504];
    server.handle((_req, res, i) => send(res, statuses[i] ?? 200, i < 3 ? "bad gateway" : '{"ok":true}'));
    const sleep = recordingSleep();
    const res = await fetchWithRetry(request(), policy, { sleep: sleep.sleep, random: () => 1 });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(4);
    expect(sleep.waits).toEqual([1000, 2000, 4000]);
  });

  it("maxRetries 0 means exactly one attempt", async () => {
    server.handle((_req, res) => send(res, 503, ""));
    const error = await scrapeFailure(
      fetchWithRetry(request(), { ...policy, maxRetries: 0 }, { sleep: recordingSleep().sleep }),
    );
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a refused connection (network error) and then gives up", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const url = `http://127.0.0.1:${port}/x`;
    const sleep = recordingSleep();
    const error = await scrapeFailure(
      fetchWithRetry(
        { source: "nba-stats", url, redactedUrl: url, headers: {} },
        { ...policy, maxRetries: 2 },
        { sleep: sleep.sleep, random: () => 1 },
      ),
    );
    expect(error.kind).toBe("retries_exhausted");
    expect(error.attempts).toBe(3);
    expect(error.message).toContain("network error");
    expect(sleep.waits).toEqual([1000, 2000]);
  });

  it("fails fast with 'cannot reach <host>' when DNS fails (no internet)", async () => {
    const sleep = recordingSleep();
    let calls = 0;
    const offlineFetch = (async () => {
      calls++;
      const cause = Object.assign(new Error("getaddrinfo ENOTFOUND stats.nba.com"), { code: "ENOTFOUND" });
      throw new TypeError("fetch failed", { cause });
    }) as typeof fetch;
    const url = "https://stats.nba.com/stats/leaguegamelog?Season=2024-25";
    const error = await scrapeFailure(
      fetchWithRetry({ source: "nba-stats", url, redactedUrl: url, headers: {} }, policy, {
        fetch: offlineFetch,
        sleep: sleep.sleep,
      }),
    );
    expect(error.kind).toBe("unreachable");
    expect(error.message).toContain("cannot reach stats.nba.com (ENOTFOUND)");
    expect(calls).toBe(1);
    expect(sleep.waits).toEqual([]);
  });

  it("times out a body that never finishes (the timeout covers the body too)", async () => {
    server.handle(async (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":');
      await server.delay(5000);
      res.end("1}");
    });
    const started = Date.now();
    const error = await scrapeFailure(
      fetchWithRetry(request(), { ...policy, timeoutMs: 150, maxRetries: 1 }, { sleep: recordingSleep().sleep }),
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).toContain("timeout after 150 ms");
    expect(error.attempts).toBe(2);
  });

  it("logs every retry with the redacted URL and never the key", async () => {
    server.handle((_req, res, i) => (i === 0 ? send(res, 429, "", { "retry-after": "1" }) : send(res, 200, "[]")));
    const log = captureLogger();
    await fetchWithRetry(request(), policy, { sleep: recordingSleep().sleep, logger: log.logger });
    const retry = log.lines().find((l) => l.msg === "http retry");
    expect(retry).toMatchObject({ url: `${server.baseUrl}/v4/x?apiKey=[redacted]&a=1`, waitMs: 1000, attempt: 1 });
    expect(log.text()).not.toContain(TEST_ODDS_KEY);
    expect(server.requests[0]!.url.searchParams.get("apiKey")).toBe(TEST_ODDS_KEY);
  });
});

describe("redaction", () => {
  it("redacts secret query params case-insensitively and credentials in the URL", () => {
    expect(redactUrl("https://u:p@h/x?APIKEY=abc&b=2", ["apiKey"])).toBe("https://h/x?APIKEY=[redacted]&b=2");
    expect(redactUrl("not a url", ["apiKey"])).toBe("[redacted]");
  });

  it("scrubs configured secret values (raw and URL-encoded) from free text", () => {
    const r = secretRedactor({ secrets: { oddsApiKey: "a+b/c=secret" } });
    expect(r("x a+b/c=secret y a%2Bb%2Fc%3Dsecret z")).toBe("x [redacted] y [redacted] z");
    expect(secretRedactor({ secrets: {} })("unchanged")).toBe("unchanged");
  });
});
