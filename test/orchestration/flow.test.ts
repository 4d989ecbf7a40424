import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../ts/config/config.ts";
import { DuckDbWarehouse } from "../../ts/engine/duckdb-warehouse.ts";
import type { FlowReport } from "../../ts/orchestration/flow.ts";
import { formatFlowReport } from "../../ts/orchestration/flow-summary.ts";
import { runFlow } from "../../ts/orchestration/run-flow.ts";
import { listDataFiles, loadRawFiles } from "../../ts/raw/load-raw.ts";
import { bumpAssists, projectWithProbe, schemaSnapshot, seasonDataDir } from "./flow-fixture.ts";
import { silentLogger, tempDir } from "./helpers.ts";

const REPO = path.resolve(import.meta.dirname, "../..");
const DATE = "2024-01-15";
const MINUTE = 60_000;

/**
 * The flow end to end on one season of the shipped data, with the real phase 3 and a phase-4 probe model that
 * reads the entity scope and stamps each row with the flow (correlation id) that last computed it.
 */
describe("flow: daily through the bus", () => {
  let root: string;
  let project: string;
  let cleanData: string;
  let ownData: string;
  let base: string;
  let cleanSnapshot: Record<string, string>;

  beforeAll(async () => {
    root = tempDir("nbap-flow-");
    project = projectWithProbe(fs.mkdirSync(path.join(root, "project"), { recursive: true })!);
    cleanData = seasonDataDir(fs.mkdirSync(path.join(root, "data-clean"), { recursive: true })!);
    ownData = seasonDataDir(fs.mkdirSync(path.join(root, "data-own"), { recursive: true })!);
    base = path.join(root, "base.duckdb");
    const w = await DuckDbWarehouse.open(base);
    try {
      const imported = await loadRawFiles(w, listDataFiles(cleanData), {
        datasetPrefix: "",
        quarantineDir: path.join(root, "q"),
        dataDir: cleanData,
      });
      expect(imported.ok).toBe(true);
      expect(imported.files.filter((f) => f.status === "loaded").length).toBeGreaterThanOrEqual(10);
      // Everything into the main file, so copying the file copies the data (no WAL left beside it).
      await w.execute("CHECKPOINT");
    } finally {
      await w.close();
    }
  }, 15 * MINUTE);

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  function configFor(warehouse: string, dataDir: string) {
    return loadConfig(project, {
      NBA_PROPS_HOME: path.join(root, "home"),
      NBA_PROPS_WAREHOUSE: warehouse,
      NBA_PROPS_DATA_DIR: dataDir,
    });
  }

  async function daily(w: DuckDbWarehouse, dataDir: string): Promise<FlowReport> {
    const config = configFor("unused", dataDir);
    return runFlow(config, silentLogger, w, {
      mode: "daily",
      window: { start: DATE, end: DATE },
      compile: { projectDir: project, vars: { engine: "duckdb" } },
      rawLoader: (wh, prefix) =>
        loadRawFiles(wh, listDataFiles(dataDir), {
          datasetPrefix: prefix,
          quarantineDir: path.join(root, "q"),
          dataDir,
        }),
    });
  }

  const probeStamps = (w: DuckDbWarehouse) =>
    w.query<{ player_lookup: string; computed_by: string }>(
      `SELECT player_lookup, computed_by FROM nba_analytics.player_probe WHERE game_date = CAST($d AS DATE) ORDER BY player_lookup`,
      { params: { d: DATE } },
    );

  it(
    "runs every phase once, one correlation id end to end; an identical rerun triggers nothing and changes no row; one changed raw row recomputes only that player downstream",
    async () => {
      const file = path.join(root, "own.duckdb");
      fs.copyFileSync(base, file);
      const w = await DuckDbWarehouse.open(file);
      try {
        // 1. First daily: every phase runs on the whole window.
        const first = await daily(w, ownData);
        expect(first.status).toBe("finished");
        expect(first.steps.map((s) => [s.step, s.outcome, s.scope])).toEqual([
          ["raw", "ran", null],
          ["phase3", "ran", null],
          ["phase4", "ran", null],
        ]);
        expect(first.triggersPublished).toHaveLength(2);
        const stamps = await probeStamps(w);
        expect(stamps.length).toBeGreaterThan(100);
        expect(new Set(stamps.map((s) => s.computed_by))).toEqual(new Set([first.correlationId]));
        const history = await w.query<{ cid: string | null; n: number }>(
          `SELECT correlation_id AS cid, count(*) AS n FROM nba_processing.run_history GROUP BY 1`,
        );
        expect(history.map((h) => h.cid)).toEqual([first.correlationId]);
        cleanSnapshot = await schemaSnapshot(w, "nba_analytics");

        // 2. The same daily again: nothing new is triggered, no row changes.
        const second = await daily(w, ownData);
        expect(second.status).toBe("unchanged");
        expect(second.triggersPublished).toEqual([]);
        expect(second.steps.map((s) => [s.step, s.outcome])).toEqual([
          ["raw", "ran"],
          ["phase3", "skipped: inputs unchanged"],
        ]);
        expect(await schemaSnapshot(w, "nba_analytics")).toEqual(cleanSnapshot);
        expect(await probeStamps(w)).toEqual(stamps);
        const [runs] = await w.query<{ n: number }>(
          `SELECT count(*) AS n FROM nba_processing.run_history WHERE correlation_id = $c`,
          { params: { c: second.correlationId } },
        );
        expect(Number(runs!.n)).toBe(0);

        // 3. One player's raw row changes: phase 3 finds exactly that player, phase 4 recomputes only him.
        const bumped = bumpAssists(ownData, DATE);
        const [player] = await w.query<{ player_lookup: string }>(
          `SELECT player_lookup FROM nba_raw.player_box_scores WHERE game_id = $g AND CAST(player_id AS VARCHAR) = $p`,
          { params: { g: bumped.gameId, p: bumped.playerId } },
        );
        const who = player!.player_lookup;
        const third = await daily(w, ownData);
        expect(third.status).toBe("finished");
        const phase3 = third.steps.find((s) => s.step === "phase3")!;
        const changed = Object.fromEntries(phase3.processors.map((p) => [p.processor, [p.changedRows, p.players]]));
        expect(changed).toEqual({
          player_game_summary: [1, [who]],
          team_defense_game_summary: [0, []],
          team_offense_game_summary: [0, []],
          upcoming_player_game_context: [0, []],
          upcoming_team_game_context: [0, []],
        });
        const phase4 = third.steps.find((s) => s.step === "phase4")!;
        expect(phase4.scope).toEqual({ players: [who], teams: [] });
        const after = await probeStamps(w);
        expect(after.filter((s) => s.computed_by === third.correlationId).map((s) => s.player_lookup)).toEqual([who]);
        expect(after.filter((s) => s.computed_by === first.correlationId)).toHaveLength(stamps.length - 1);
        const [probe] = await w.query<{ assists: number }>(
          `SELECT assists FROM nba_analytics.player_probe WHERE game_id = $g AND CAST(player_id AS VARCHAR) = $p`,
          { params: { g: bumped.gameId, p: bumped.playerId } },
        );
        expect(Number(probe!.assists)).toBe(bumped.assists);
        const text = formatFlowReport(third);
        expect(text).toContain(`phase4: ran`);
        expect(text).toContain(`the changed entities only: 1 player (${who})`);
        expect(text).toContain(`player_game_summary              success  1 row(s) changed: 1 player (${who})`);
      } finally {
        await w.close();
      }
    },
    20 * MINUTE,
  );

  /** Starts `daily` as a real process and kills it (SIGKILL) right after a stdout line matching `at` (plus delayMs). */
  async function killDailyAt(file: string, at: RegExp, delayMs: number): Promise<string> {
    const child = spawn(
      process.execPath,
      [path.join(REPO, "bin/nba-props.js"), "daily", "--date", DATE, "--project", project],
      {
        env: { ...process.env, ...cliEnv(file) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (at.test(out)) setTimeout(() => child.kill("SIGKILL"), delayMs);
      });
      child.on("exit", (_code, signal) =>
        signal === "SIGKILL" ? resolve() : reject(new Error(`daily ended before the kill point:\n${out}`)),
      );
    });
    return out;
  }

  const cliEnv = (file: string) => ({
    NBA_PROPS_HOME: path.join(root, "home"),
    NBA_PROPS_WAREHOUSE: file,
    NBA_PROPS_DATA_DIR: cleanData,
    NBA_PROPS_LOG_LEVEL: "error",
  });

  function rerun(file: string): string {
    const r = spawnSync(
      process.execPath,
      [path.join(REPO, "bin/nba-props.js"), "daily", "--date", DATE, "--project", project],
      {
        env: { ...process.env, ...cliEnv(file) },
        encoding: "utf8",
      },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    return r.stdout;
  }

  async function assertResumedOnce(file: string): Promise<{ cid: string; phase3Runs: string[] }> {
    const w = await DuckDbWarehouse.open(file);
    try {
      const flows = await w.query<{ correlation_id: string; status: string }>(
        "SELECT correlation_id, status FROM nba_processing.flows",
      );
      expect(flows).toHaveLength(1);
      expect(flows[0]!.status).toBe("finished");
      const cid = flows[0]!.correlation_id;
      // Same rows as the uninterrupted run: nothing lost, duplicated or half-written.
      const snapshot = await schemaSnapshot(w, "nba_analytics");
      expect(snapshot).toEqual(cleanSnapshot);
      const stamps = await w.query<{ c: string }>("SELECT DISTINCT computed_by AS c FROM nba_analytics.player_probe");
      expect(stamps.map((s) => s.c)).toEqual([cid]);
      // Exactly one trigger per transition.
      const triggers = await w.query<{ topic: string; n: number }>(
        `SELECT topic, count(*) AS n FROM nba_orchestration.outbox WHERE topic LIKE '%-trigger' GROUP BY topic ORDER BY topic`,
      );
      // The CLI's daily runs every step (predictions and grading included): each transition triggered once.
      expect(triggers.map((t) => t.topic)).toEqual(
        expect.arrayContaining(["nba-phase3-trigger", "nba-phase4-trigger"]),
      );
      expect(
        triggers.every((t) => Number(t.n) === 1),
        JSON.stringify(triggers),
      ).toBe(true);
      const transitions = await w.query<{ transition: string }>(
        "SELECT transition FROM nba_orchestration.transitions WHERE triggered_at IS NOT NULL ORDER BY transition",
      );
      expect(transitions.map((t) => t.transition)).toEqual(
        expect.arrayContaining(["phase3_to_phase4", "raw_to_phase3"]),
      );
      expect(new Set(transitions.map((t) => t.transition)).size).toBe(transitions.length);
      const [unacked] = await w.query<{ n: number }>(
        "SELECT count(*) AS n FROM nba_orchestration.outbox WHERE acked_at IS NULL",
      );
      expect(Number(unacked!.n)).toBe(0);
      const phase3Runs = await w.query<{ status: string }>(
        "SELECT status FROM nba_processing.processor_runs WHERE processor_name = 'phase3' ORDER BY started_at, status",
      );
      return { cid, phase3Runs: phase3Runs.map((r) => r.status) };
    } finally {
      await w.close();
    }
  }

  it(
    "a process killed inside phase 3 resumes on rerun: same rows, one trigger per transition",
    async () => {
      const file = path.join(root, "crash-inside.duckdb");
      fs.copyFileSync(base, file);
      await killDailyAt(file, /== phase3 /, 1500);
      const out = rerun(file);
      expect(out).toMatch(/resum/);
      const { phase3Runs } = await assertResumedOnce(file);
      // The killed run left its start row only; the resumed run started and finished.
      expect(phase3Runs).toEqual(["running", "running", "success"]);
    },
    20 * MINUTE,
  );

  it(
    "a process killed between phase 3 and phase 4 resumes without running phase 3 again",
    async () => {
      const file = path.join(root, "crash-between.duckdb");
      fs.copyFileSync(base, file);
      await killDailyAt(file, /phase3 done in/, 0);
      const out = rerun(file);
      expect(out).toMatch(/resum/);
      const { phase3Runs } = await assertResumedOnce(file);
      expect(phase3Runs).toEqual(["running", "success"]);
    },
    20 * MINUTE,
  );
});
