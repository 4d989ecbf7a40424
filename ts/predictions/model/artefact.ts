import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { MARKETS } from "../types.ts";

/** One node of an XGBoost tree as `Booster.get_dump(dump_format="json")` writes it. */
export interface TreeNode {
  nodeid: number;
  leaf?: number;
  split?: string;
  split_condition?: number;
  yes?: number;
  no?: number;
  missing?: number;
  children?: TreeNode[];
}
const treeNode: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({
    nodeid: z.number(),
    leaf: z.number().optional(),
    split: z.string().optional(),
    split_condition: z.number().optional(),
    yes: z.number().optional(),
    no: z.number().optional(),
    missing: z.number().optional(),
    children: z.array(treeNode).optional(),
  }),
);

/** The trained-model artefact: everything needed to reproduce and audit one market's model. */
export const modelArtefact = z.object({
  model_version: z.string(),
  market: z.enum(MARKETS),
  feature_version: z.string(),
  input_names: z.array(z.string()),
  training_window: z.object({
    first_game_date: z.string(),
    last_game_date: z.string(),
    cutoff: z.string(),
    rows: z.number(),
  }),
  library: z.object({ name: z.literal("xgboost"), version: z.string() }),
  seed: z.number(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  base_score: z.number(),
  trees: z.array(treeNode),
});
export type ModelArtefact = z.infer<typeof modelArtefact>;

/** Where the artefact of (market, cutoff) lives: `<home>/models/<market>/cutoff-<D>.json`. */
export function artefactPath(modelsDir: string, market: string, cutoff: string): string {
  return path.join(modelsDir, market, `cutoff-${cutoff}.json`);
}

export function readArtefact(file: string): ModelArtefact {
  const parsed = modelArtefact.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new Error(
      `${file}: not a model artefact: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}
