#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Merges the RESULT/STAGE lines of bench_segment (CPU and, if given, CUDA) and the PEER/PEERSTAGE
# lines of peer_skimage.py into Markdown tables: whole field with ratios to the peer and ms per
# megapixel, then per stage. Usage: bench_table.py CPU.txt PEER.txt [CUDA.txt]
import re
import sys


def fields(line):
    return {k: v for k, v in re.findall(r"(\w+)=(\S+)", line)}


def read(path, tag):
    rows = []
    if path:
        with open(path) as f:
            rows = [fields(line) for line in f if line.startswith(tag + " ")]
    return rows


def by_side(rows):
    return {int(r["side"]): r for r in rows}


def stages(rows):
    out = {}
    for r in rows:
        out.setdefault(int(r["side"]), {})[r["stage"]] = float(r["ms"])
    return out


def main():
    cpu_path, peer_path = sys.argv[1], sys.argv[2]
    cuda_path = sys.argv[3] if len(sys.argv) > 3 else None
    cpu, peer, cuda = by_side(read(cpu_path, "RESULT")), by_side(read(peer_path, "PEER")), by_side(read(cuda_path, "RESULT"))
    cpu_st, peer_st = stages(read(cpu_path, "STAGE")), stages(read(peer_path, "PEERSTAGE"))
    sides = sorted(set(cpu) | set(peer))
    mp = lambda s: s * s / 1e6
    head = "| field (2 ch u16) | lysisq CPU ms | skimage ms | CPU speed-up vs skimage | lysisq CPU ms/MP | skimage ms/MP | objects (lysisq / skimage) |"
    sep = "|---|---:|---:|---:|---:|---:|---:|"
    if cuda:
        head += " CUDA device ms (resident) | CUDA wall ms | CUDA images/s (streamed) | CUDA device speed-up vs skimage |"
        sep += "---:|---:|---:|---:|"
    print(head)
    print(sep)
    for s in sides:
        c, p = cpu.get(s), peer.get(s)
        ct = float(c["total_ms"]) if c else float("nan")
        pt = float(p["total_ms"]) if p else float("nan")
        peer_reps = f" ({p['reps']} rep)" if p and p.get("reps") == "1" else ""
        line = (f"| {s}² | {ct:.1f} | {pt:.1f}{peer_reps} | {pt / ct:.1f}x | {ct / mp(s):.1f} | {pt / mp(s):.1f} | "
                f"{c['objects'] if c else '-'} / {p['objects'] if p else '-'} |")
        if cuda:
            g = cuda.get(s)
            if g:
                dev, wall, ips = float(g["device_ms"]), float(g["total_ms"]), float(g["images_per_s"])
                line += f" {dev:.2f} | {wall:.2f} | {ips:.1f} | {pt / dev:.0f}x |" if dev > 0 else f" - | {wall:.2f} | {ips:.1f} | - |"
            else:
                line += " - | - | - | - |"
        print(line)
    print()
    for s in sides:
        if s not in cpu_st or s not in peer_st:
            continue
        print(f"Per stage at {s}² (ms; skimage / lysisq CPU):\n")
        print("| stage | lysisq CPU | skimage | ratio |")
        print("|---|---:|---:|---:|")
        for stage, ms in cpu_st[s].items():
            pm = peer_st[s].get(stage)
            ratio = f"{pm / ms:.1f}x" if pm is not None and ms > 0 else "-"
            print(f"| {stage} | {ms:.1f} | {pm:.1f} | {ratio} |" if pm is not None else f"| {stage} | {ms:.1f} | - | - |")
        print()


if __name__ == "__main__":
    main()
