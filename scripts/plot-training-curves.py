#!/usr/bin/env python3
"""Draws the demo's training curves from the metrics.jsonl logs of `steerscope-cli train` as one SVG.

    python3 scripts/plot-training-curves.py WORK_DIR docs/images/demo-training.svg

One panel per stage (encoder, lm, steermoe, linear): training loss per logged step (log scale) and the
validation metric at each evaluation (PER for the encoder, WER for steering). Standard library only.
"""
import json
import math
import os
import sys

STAGES = [("encoder", "encoder: CTC + frame-wise phones", "per"), ("lm", "LM: text only", None),
          ("steermoe", "SteerMoE steering (ASR)", "wer"), ("linear", "linear baseline (ASR)", "wer")]
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 420, 260, 56, 56, 30, 36


def read(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def panel(x0, y0, title, rows, metric):
    out = []
    steps = [r["step"] for r in rows]
    losses = [r["loss"] for r in rows if r.get("loss", 0) > 0]
    if not steps or not losses:
        return out
    smax = max(steps)
    lo, hi = math.log10(min(losses)), math.log10(max(losses))
    lo, hi = math.floor(lo), math.ceil(hi) if math.ceil(hi) > math.floor(lo) else math.floor(lo) + 1
    pw, ph = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def px(step):
        return x0 + PAD_L + pw * step / smax

    def py(loss):
        return y0 + PAD_T + ph * (1 - (math.log10(loss) - lo) / (hi - lo))

    out.append(f'<text x="{x0 + W / 2}" y="{y0 + 18}" text-anchor="middle" font-weight="bold">{title}</text>')
    out.append(f'<rect x="{x0 + PAD_L}" y="{y0 + PAD_T}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
    for e in range(lo, hi + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{x0 + PAD_L}" x2="{x0 + PAD_L + pw}" y1="{y}" y2="{y}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 + PAD_L - 4}" y="{y + 4}" text-anchor="end">1e{e}</text>')
    for i in range(5):
        s = smax * i / 4
        out.append(f'<text x="{px(s)}" y="{y0 + H - PAD_B + 16}" text-anchor="middle">{int(s)}</text>')
    out.append(f'<text x="{x0 + PAD_L + pw / 2}" y="{y0 + H - 4}" text-anchor="middle">step</text>')
    pts = " ".join(f"{px(r['step']):.1f},{py(r['loss']):.1f}" for r in rows if r.get("loss", 0) > 0)
    out.append(f'<polyline points="{pts}" fill="none" stroke="#1f77b4" stroke-width="1.2"/>')
    out.append(f'<text x="{x0 + PAD_L + 4}" y="{y0 + PAD_T + 12}" fill="#1f77b4">training loss</text>')
    evals = [(r["step"], r["eval"][metric]) for r in rows if metric and metric in r.get("eval", {})]
    if evals:
        top = max(1e-9, max(v for _, v in evals))
        top = max(0.05, math.ceil(top * 20) / 20)

        def qy(v):
            return y0 + PAD_T + ph * (1 - v / top)

        pts = " ".join(f"{px(s):.1f},{qy(v):.1f}" for s, v in evals)
        out.append(f'<polyline points="{pts}" fill="none" stroke="#d62728" stroke-width="1.5"/>')
        for s, v in evals:
            out.append(f'<circle cx="{px(s):.1f}" cy="{qy(v):.1f}" r="3" fill="#d62728"/>')
            out.append(f'<text x="{px(s):.1f}" y="{qy(v) - 6:.1f}" text-anchor="middle" fill="#d62728">{100 * v:.1f}%</text>')
        for i in range(3):
            v = top * i / 2
            out.append(f'<text x="{x0 + PAD_L + pw + 4}" y="{qy(v) + 4}" fill="#d62728">{100 * v:.0f}%</text>')
        out.append(f'<text x="{x0 + PAD_L + pw - 4}" y="{y0 + PAD_T + 12}" text-anchor="end" fill="#d62728">'
                   f'validation {metric.upper()}</text>')
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    work, out_path = sys.argv[1], sys.argv[2]
    parts = []
    for i, (stage, title, metric) in enumerate(STAGES):
        path = os.path.join(work, "runs", stage, "metrics.jsonl")
        if not os.path.exists(path):
            sys.exit(f"{path}: missing (train the stage first)")
        parts += panel((i % 2) * W, (i // 2) * H, title, read(path), metric)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{2 * H}" font-family="sans-serif" '
           f'font-size="11"><rect width="100%" height="100%" fill="white"/>' + "".join(parts) + "</svg>\n")
    os.makedirs(os.path.dirname(out_path) or ".", exist_ok=True)
    with open(out_path, "w") as f:
        f.write(svg)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
