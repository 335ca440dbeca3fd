#!/usr/bin/python3
"""Print the validation tables of a bundle's training_report.json as Markdown
(used to fill docs/MODEL.md).  usage: report_md.py models/training_report.json"""
import json
import sys

ORDER = [("persistence", "Persistence (last value)"),
         ("time_of_day", "Time-of-day average (weekday profile)"),
         ("blend", "Blend: last value + profile (reference baseline)"),
         ("blend_plus", "Blend+ (adds 15-min mean, profile now)"),
         ("residual_nograph", "Blend+ + residual MLP, no graph (ablation)"),
         ("residual_graph", "Blend+ + residual MLP + graph neighbours")]


def table(res, key, hs=("3", "6", "9", "12")):
    out = ["| model | " + " | ".join("%s min (h=%s)" % (int(h) * 5, h) for h in hs) + " |",
           "| --- |" + " ---: |" * len(hs)]
    for k, label in ORDER:
        if k in res:
            out.append("| %s | %s |" % (label, " | ".join("%.3f" % res[k][key][h] for h in hs)))
    return "\n".join(out)


def main(path):
    with open(path) as f:
        rep = json.load(f)
    res = rep["results"]
    print("selected:", rep["selected"], " train_seconds:", rep["train_seconds"])
    for key in ("rmse", "mae", "rmse_pooled", "mae_pooled"):
        print("\n### %s\n" % key)
        print(table(res, key))


if __name__ == "__main__":
    main(sys.argv[1])
