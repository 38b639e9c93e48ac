"""Prints every sample prometheus_client's parser reads from a file, one JSON object a line.

Usage: dump_samples.py prometheus|openmetrics FILE

Each line: {"name": ..., "labels": {...}, "value": the float's repr, or "NaN"/"+Inf"/"-Inf",
"timestamp_ms": int or null}. Exit 3 when prometheus_client rejects the file.
"""

import json
import math
import sys

from prometheus_client.openmetrics.parser import (
    text_string_to_metric_families as openmetrics_families,
)
from prometheus_client.parser import text_string_to_metric_families as prometheus_families


def number(value):
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    # repr() round-trips exactly; a JSON number would be re-parsed with rounding.
    return repr(value)


def millis(timestamp):
    if timestamp is None:
        return None
    if hasattr(timestamp, "sec"):
        return timestamp.sec * 1000 + round(timestamp.nsec / 1_000_000)
    return round(float(timestamp) * 1000)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    parse = openmetrics_families if kind == "openmetrics" else prometheus_families
    try:
        families = list(parse(text))
    except Exception as error:  # the reference rejects the file
        print(f"rejected: {error}", file=sys.stderr)
        sys.exit(3)
    out = sys.stdout
    for family in families:
        for sample in family.samples:
            row = {
                "name": sample.name,
                "labels": sample.labels,
                "value": number(sample.value),
                "timestamp_ms": millis(sample.timestamp),
            }
            out.write(json.dumps(row, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
