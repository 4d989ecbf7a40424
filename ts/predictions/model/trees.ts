import type { ModelArtefact, TreeNode } from "./artefact.ts";

/**
 * Evaluates the dumped XGBoost trees the way XGBoost does: every value and threshold as a 32-bit float, a NaN
 * (missing) input follows the node's `missing` branch, `value < split_condition` goes to `yes`, leaves are summed
 * in float32 and added to base_score. Deterministic and engine-free, so local and production give the same number.
 */
export function evaluateTrees(model: ModelArtefact, inputs: Record<string, number | null>): number {
  const compiled = compile(model);
  const x = model.input_names.map((n) => {
    const v = inputs[n];
    return v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : Math.fround(v);
  });
  let sum = Math.fround(0);
  for (const tree of compiled) sum = Math.fround(sum + leafOf(tree, x));
  return Math.fround(sum + Math.fround(model.base_score));
}

/**
 * One tree as flat arrays indexed by node id: the input index it splits on (-1 for a leaf), its float32 threshold,
 * its yes/no/missing children, and its float32 leaf value.
 */
interface FlatTree {
  root: number;
  input: Int32Array;
  threshold: Float64Array;
  yes: Int32Array;
  no: Int32Array;
  missing: Int32Array;
  leaf: Float64Array;
}

/** input[] of a node id the tree does not have. */
const NO_NODE = -2;

const compiledModels = new WeakMap<ModelArtefact, FlatTree[]>();

/** The model's trees flattened once (every split must name a known input). */
function compile(model: ModelArtefact): FlatTree[] {
  const cached = compiledModels.get(model);
  if (cached) return cached;
  const index = new Map(model.input_names.map((n, i) => [n, i]));
  const trees = model.trees.map((root) => flatten(root, index));
  compiledModels.set(model, trees);
  return trees;
}

function flatten(root: TreeNode, index: Map<string, number>): FlatTree {
  const nodes: TreeNode[] = [];
  const walk = (n: TreeNode) => {
    nodes.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  walk(root);
  const size = Math.max(...nodes.map((n) => n.nodeid)) + 1;
  const tree: FlatTree = {
    root: root.nodeid,
    input: new Int32Array(size).fill(NO_NODE),
    threshold: new Float64Array(size),
    yes: new Int32Array(size),
    no: new Int32Array(size),
    missing: new Int32Array(size),
    leaf: new Float64Array(size),
  };
  for (const n of nodes) {
    if (n.leaf !== undefined) {
      tree.input[n.nodeid] = -1;
      tree.leaf[n.nodeid] = Math.fround(n.leaf);
      continue;
    }
    const i = index.get(n.split!);
    if (i === undefined) throw new Error(`tree splits on unknown input "${n.split}"`);
    tree.input[n.nodeid] = i;
    tree.threshold[n.nodeid] = Math.fround(n.split_condition!);
    tree.yes[n.nodeid] = n.yes!;
    tree.no[n.nodeid] = n.no!;
    tree.missing[n.nodeid] = n.missing!;
  }
  return tree;
}

/** A branch to a node the tree does not have fails the one evaluation that takes it (not every player). */
function leafOf(tree: FlatTree, x: number[]): number {
  let node = tree.root;
  for (;;) {
    const i = tree.input[node]!;
    if (i === -1) return tree.leaf[node]!;
    const v = x[i]!;
    const next = Number.isNaN(v) ? tree.missing[node]! : v < tree.threshold[node]! ? tree.yes[node]! : tree.no[node]!;
    if (!(next < tree.input.length) || tree.input[next] === NO_NODE)
      throw new Error(`tree node ${node} has no child ${next}`);
    node = next;
  }
}
