import type { ModelArtefact, TreeNode } from "./artefact.ts";

/**
 * Evaluates the dumped XGBoost trees the way XGBoost does: every value and threshold as a 32-bit float, a NaN
 * (missing) input follows the node's `missing` branch, `value < split_condition` goes to `yes`, leaves are summed
 * in float32 and added to base_score. Deterministic and engine-free, so local and production give the same number.
 */
export function evaluateTrees(model: ModelArtefact, inputs: Record<string, number | null>): number {
  const x = model.input_names.map((n) => {
    const v = inputs[n];
    return v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : Math.fround(v);
  });
  const index = new Map(model.input_names.map((n, i) => [n, i]));
  let sum = Math.fround(0);
  for (const tree of model.trees) sum = Math.fround(sum + leafOf(tree, x, index));
  return Math.fround(sum + Math.fround(model.base_score));
}

function leafOf(root: TreeNode, x: number[], index: Map<string, number>): number {
  let node = root;
  while (node.leaf === undefined) {
    const i = index.get(node.split!);
    if (i === undefined) throw new Error(`tree splits on unknown input "${node.split}"`);
    const v = x[i]!;
    const next = Number.isNaN(v) ? node.missing : v < Math.fround(node.split_condition!) ? node.yes : node.no;
    const child = node.children?.find((c) => c.nodeid === next);
    if (!child) throw new Error(`tree node ${node.nodeid} has no child ${next}`);
    node = child;
  }
  return Math.fround(node.leaf);
}
