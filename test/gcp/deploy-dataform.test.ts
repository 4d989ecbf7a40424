import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataformFake } from "./dataform-fake.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "bin", "nba-props.js");
const REPO = "projects/nba-props-test/locations/us-central1/repositories/nba-props";
const fake = new DataformFake();
let endpoint = "";
let projectDir = "";

beforeAll(async () => {
  endpoint = await fake.start();
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "nbap-deploy-"));
  fs.mkdirSync(path.join(projectDir, "deploy"));
  fs.copyFileSync(path.join(ROOT, "deploy", "dataform.json"), path.join(projectDir, "deploy", "dataform.json"));
});
afterAll(async () => {
  await fake.stop();
  fs.rmSync(projectDir, { recursive: true, force: true });
});

const deploy = (...flags: string[]) =>
  run(process.execPath, [CLI, "deploy", "dataform", "--project", projectDir, ...flags], {
    env: {
      ...process.env,
      GCP_PROJECT: "nba-props-test",
      GCP_REGION: "us-central1",
      DATAFORM_API_ENDPOINT: endpoint,
      DATAFORM_SERVICE_ACCOUNT: "dataform-runner@nba-props-test.iam.gserviceaccount.com",
      METADATA_SERVER_DETECTION: "none",
    },
  });
/** Writes as "METHOD path?query", without the client's own `$alt` (response encoding) parameter. */
const writes = () =>
  fake.server.requests
    .filter((r) => r.method !== "GET")
    .map((r) => {
      const q = new URLSearchParams([...r.query].filter(([k]) => k !== "$alt"));
      return `${r.method} ${r.path}${q.size ? `?${q}` : ""}`;
    });

describe("nba-props deploy dataform against a fake Dataform API", () => {
  it("--dry-run prints the release and workflow configs the repo declares and writes nothing", async () => {
    const { stdout } = await deploy("--dry-run");
    expect(stdout).toContain(`would create releaseConfig ${REPO}/releaseConfigs/production`);
    expect(stdout).toContain(`would create workflowConfig ${REPO}/workflowConfigs/phase3-daily`);
    expect(stdout).toContain(`would create workflowConfig ${REPO}/workflowConfigs/phase3-on-raw-data`);
    expect(stdout).toContain('"cronSchedule": "30 7 * * *"');
    expect(writes()).toEqual([]);
  }, 60_000);

  it("creates what is missing, then a second run changes nothing, then an edit becomes one masked update", async () => {
    await deploy();
    expect(writes()).toEqual([
      `POST /v1/${REPO}/releaseConfigs?releaseConfigId=production`,
      `POST /v1/${REPO}/workflowConfigs?workflowConfigId=phase3-daily`,
      `POST /v1/${REPO}/workflowConfigs?workflowConfigId=phase3-on-raw-data`,
    ]);
    const daily = fake.server.requests.find((r) => r.query.get("workflowConfigId") === "phase3-daily")!.json;
    expect(daily).toEqual({
      releaseConfig: `${REPO}/releaseConfigs/production`,
      invocationConfig: {
        includedTags: ["phase3"],
        transitiveDependenciesIncluded: true,
        transitiveDependentsIncluded: false,
        fullyRefreshIncrementalTablesEnabled: false,
        serviceAccount: "dataform-runner@nba-props-test.iam.gserviceaccount.com",
      },
      cronSchedule: "30 7 * * *",
      timeZone: "America/New_York",
    });
    const release = fake.server.requests.find((r) => r.query.get("releaseConfigId") === "production")!.json;
    expect(release).toMatchObject({
      gitCommitish: "dataform-release",
      // built in the deployment's project, not dataform.json's defaultDatabase
      codeCompilationConfig: { defaultDatabase: "nba-props-test", vars: { engine: "bigquery", window: "derived" } },
      cronSchedule: "0 7 * * *",
    });

    fake.server.requests.length = 0;
    const again = await deploy();
    expect(writes()).toEqual([]);
    expect(again.stdout.match(/^unchanged /gm)).toHaveLength(3);

    const file = path.join(projectDir, "deploy", "dataform.json");
    const edited = JSON.parse(fs.readFileSync(file, "utf8"));
    edited.workflowConfigs[0].cronSchedule = "45 7 * * *";
    fs.writeFileSync(file, JSON.stringify(edited));
    fake.server.requests.length = 0;
    await deploy();
    expect(writes()).toEqual([`PATCH /v1/${REPO}/workflowConfigs/phase3-daily?updateMask=cron_schedule`]);
  }, 240_000);
});
