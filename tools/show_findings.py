#!/usr/bin/env python3
"""Prints tlsdiag's findings for a capture in plain words.

Reads `tshark -T ek` lines (frame, rule, summary) on stdin and the rule
catalog (tlsdiag-catalog output) from the file named as the first argument.
"""
import json
import sys
import textwrap


def main():
    catalog = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        next(f)
        for line in f:
            rule_id, severity, _group, title, fix = line.rstrip("\n").split("\t")
            catalog[rule_id] = (severity, title, fix)

    count = 0
    for line in sys.stdin:
        layers = json.loads(line).get("layers", {})
        frame = layers.get("frame_number", ["?"])[0]
        for rule, summary in zip(layers.get("tlsdiag_rule", []), layers.get("tlsdiag_summary", [])):
            severity, title, fix = catalog.get(rule, ("?", rule, ""))
            count += 1
            print(f"frame {frame:<6} {severity:<8} {rule}  ({title})")
            for label, text in (("what", summary), ("fix", fix)):
                print(textwrap.fill(text, width=100, initial_indent=f"  {label + ':':<6}",
                                    subsequent_indent=" " * 8))
            print()
    print(f"{count} finding{'' if count == 1 else 's'}" if count else "no problem found")


if __name__ == "__main__":
    main()
