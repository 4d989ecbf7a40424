"""Fits one XGBoost regressor on a CSV written by ts/predictions/model/train.ts and prints the model as JSON.

Input CSV: header = input names then "label"; empty cell = missing. Arguments: csv path, seed, JSON params.
Output (stdout): {"library_version", "base_score", "trees": [dumped JSON trees], "params", "check_predictions"}:
check_predictions = XGBoost's own predictions of the first 100 training rows, so the caller can prove that its
evaluation of the dumped trees gives the same numbers.
Deterministic: single thread, fixed seed, no sampling randomness beyond the seed.
"""
import csv
import json
import sys

import numpy as np
import xgboost as xgb


def main() -> None:
    path, seed, params_json = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [[float(v) if v != "" else np.nan for v in row] for row in reader]
    data = np.array(rows, dtype=np.float64)
    names = header[:-1]
    x, y = data[:, :-1], data[:, -1]
    params = json.loads(params_json)
    rounds = int(params.pop("num_boost_round"))
    base_score = float(np.mean(y))
    params.update({"seed": seed, "nthread": 1, "base_score": base_score, "objective": "reg:squarederror"})
    booster = xgb.train(params, xgb.DMatrix(x, label=y, feature_names=names, missing=np.nan), num_boost_round=rounds)
    trees = [json.loads(t) for t in booster.get_dump(dump_format="json")]
    check = booster.predict(xgb.DMatrix(x[:100], feature_names=names, missing=np.nan)).tolist()
    json.dump({"library_version": xgb.__version__, "base_score": base_score, "trees": trees, "params": params, "check_predictions": check}, sys.stdout)


if __name__ == "__main__":
    main()
