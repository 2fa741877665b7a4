#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The scikit-image peer of bench_segment: the same stages with the same parameters (lysisq's
# default SegmentationParams) on the same synthetic fields, which bench_segment --write-images
# dumps as raw u16 (field_<side>_c<k>.u16). Run with Debian's /usr/bin/python3 (python3-skimage).
#
# Where skimage has no exact twin the closest standard call is used, and said so:
#   background  ndi.white_tophat(size=61x61): flat square opening (separable min/max filters),
#               the fastest scipy route; skimage.morphology.white_tophat with a 61x61 footprint
#               is non-separable and far slower, so this favours the peer.
#   seeds       feature.peak_local_max(min_distance=5, labels=...) (lysisq: plateaus of window
#               maxima with h-dynamics >= 1 px; same window, a different plateau rule).
# Prints one PEER line per size and one PEERSTAGE line per stage (medians), read by bench_table.py.
import argparse
import os
import re
import statistics
import time

import numpy as np
from scipy import ndimage as ndi
from skimage import feature, filters, measure, segmentation

RADIUS, SIGMA, CORRECTION, MIN_AREA, MAX_AREA, MIN_DISTANCE = 30, 0.5, 0.8, 30, 20000, 5


def segment(c0, c1, lap):
    tophat = ndi.white_tophat(c0, size=(2 * RADIUS + 1, 2 * RADIUS + 1))
    lap("background")
    smoothed = filters.gaussian(tophat.astype(np.float32), sigma=SIGMA, truncate=3.0, preserve_range=True)
    smoothed = np.clip(np.rint(smoothed), 0, 65535).astype(np.uint16)
    lap("smooth")
    mask = smoothed > np.floor(filters.threshold_otsu(smoothed) * CORRECTION)
    lap("threshold")
    mask = ndi.binary_fill_holes(mask)
    lap("fill_holes")
    lab = measure.label(mask, connectivity=2)
    area = np.bincount(lab.ravel())
    keep = (area >= MIN_AREA) & (area <= MAX_AREA)
    keep[0] = False
    mask = keep[lab]
    lap("size_filter")
    dist = ndi.distance_transform_edt(mask)
    lap("distance_transform")
    peaks = feature.peak_local_max(dist, min_distance=MIN_DISTANCE, labels=measure.label(mask, connectivity=2),
                                   exclude_border=False)
    markers = np.zeros(dist.shape, np.int32)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    lap("seeds")
    labels = segmentation.watershed(-dist, markers, mask=mask)
    lap("watershed")
    props = measure.regionprops_table(labels, intensity_image=c0,
                                      properties=("label", "area", "centroid", "bbox", "mean_intensity"))
    measure.regionprops_table(labels, intensity_image=c1, properties=("mean_intensity",))
    lap("measure")
    return len(props["label"])


def run_once(c0, c1):
    stages = {}
    t = [time.perf_counter()]

    def lap(name):
        now = time.perf_counter()
        stages[name] = (now - t[0]) * 1000.0
        t[0] = now

    t0 = time.perf_counter()
    n = segment(c0, c1, lap)
    return (time.perf_counter() - t0) * 1000.0, stages, n


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--images", required=True, help="directory written by bench_segment --write-images")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--reps-largest", type=int, default=None, help="repetitions for the largest size (slow)")
    args = ap.parse_args()
    sides = sorted({int(m.group(1)) for f in os.listdir(args.images)
                    if (m := re.match(r"field_(\d+)_c0\.u16$", f))})
    print(f"scikit-image peer: skimage {__import__('skimage').__version__}, scipy {__import__('scipy').__version__}")
    for side in sides:
        load = lambda k: np.fromfile(os.path.join(args.images, f"field_{side}_c{k}.u16"), "<u2").reshape(side, side)
        c0, c1 = load(0), load(1)
        reps = args.reps_largest if (args.reps_largest and side == sides[-1]) else args.reps
        runs = [run_once(c0, c1) for _ in range(max(1, reps))]
        total = statistics.median(r[0] for r in runs)
        print(f"PEER side={side} total_ms={total:.3f} objects={runs[0][2]} reps={len(runs)}", flush=True)
        for stage in runs[0][1]:
            ms = statistics.median(r[1][stage] for r in runs)
            print(f"PEERSTAGE side={side} stage={stage} ms={ms:.3f}", flush=True)


if __name__ == "__main__":
    main()
