"""Language identification benchmark: Senim's detector against stock langdetect and CLD2.

Run: .venv/bin/python bench/langid.py [--per-cell N] [--more-spellings]

Data: the dev split of the corpus (never trained on) in three spellings (as written, Russian
keyboard, Latin-typed) and three lengths (2-6 words, 7-15 words, whole sentences), at most N
messages per language and cell, sampled with a fixed seed (bot/langid/evaluation.py). All three
detectors label the same messages in the same run. Stock langdetect is seeded; its labels and
CLD2's are mapped into kk/ky/uz/ru/en, anything else counts as "und" (a wrong answer).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pycld2
from langdetect import DetectorFactory, LangDetectException
from langdetect import detect as stock_detect

from bot.langid import OUTPUT_LABELS, detect
from bot.langid.corpus import corpus_dir
from bot.langid.evaluation import (
    BUCKETS,
    EXTRA_VARIANTS,
    VARIANTS,
    accuracy,
    build_cells,
    macro_f1,
)
from bot.langid.model import reload_profiles


def senim(text: str) -> str:
    return detect(text).lang


def stock_langdetect(text: str) -> str:
    try:
        lang = stock_detect(text)
    except LangDetectException:
        return "und"
    return lang if lang in OUTPUT_LABELS else "und"


def cld2(text: str) -> str:
    try:
        _, _, details = pycld2.detect(text)
    except pycld2.error:
        return "und"
    lang = details[0][1]
    return lang if lang in OUTPUT_LABELS else "und"


DETECTORS: dict[str, Callable[[str], str]] = {
    "Senim": senim,
    "langdetect (stock)": stock_langdetect,
    "CLD2": cld2,
}


def label_all(texts: list[str]) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Every detector's labels for ``texts`` and its seconds spent."""
    labels, seconds = {}, {}
    for name, detector in DETECTORS.items():
        start = time.perf_counter()
        labels[name] = [detector(text) for text in texts]
        seconds[name] = time.perf_counter() - start
    return labels, seconds


def throughput(texts: list[str]) -> tuple[float, float]:
    """Senim's messages/s: first pass after loading (empty word cache), then the best of three
    passes once the cache holds these words."""
    reload_profiles()
    detect("load the profiles")
    rates = []
    for _ in range(4):
        start = time.perf_counter()
        for text in texts:
            detect(text)
        rates.append(len(texts) / (time.perf_counter() - start))
    return rates[0], max(rates[1:])


def report(per_cell: int, more_spellings: bool = False) -> str:
    corpus = corpus_dir()
    if corpus is None:
        raise SystemExit("corpus not found: set SENIM_CORPORA or place ../shared/corpora/lid")
    DetectorFactory.seed = 0
    variants = [*VARIANTS, *(EXTRA_VARIANTS if more_spellings else ())]
    cells = build_cells(corpus, per_cell, variants)
    lang_cols = " | ".join(f"Senim {lang}" for lang in OUTPUT_LABELS)
    lines = [
        f"| spelling | length | n | {lang_cols} | Senim macro-F1 | langdetect macro-F1 "
        "| CLD2 macro-F1 |",
        "|---|---|---:|" + "---:|" * (len(OUTPUT_LABELS) + 3),
    ]
    pooled: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    all_texts, seconds_total = [], dict.fromkeys(DETECTORS, 0.0)
    for (variant, bucket), rows in cells.items():
        gold = [lang for lang, _ in rows]
        texts = [text for _, text in rows]
        all_texts += texts
        labels, seconds = label_all(texts)
        for name in DETECTORS:
            seconds_total[name] += seconds[name]
            for key in ((variant, name), (bucket, name)):
                pooled.setdefault(key, ([], []))
                pooled[key][0].extend(gold)
                pooled[key][1].extend(labels[name])
        per_lang = " | ".join(
            f"{accuracy(gold, labels['Senim'], lang):.1f}" for lang in OUTPUT_LABELS
        )
        f1s = " | ".join(f"{macro_f1(gold, labels[name]):.1f}" for name in DETECTORS)
        lines.append(f"| {variant} | {bucket} | {len(rows)} | {per_lang} | {f1s} |")
    lines += ["", "| all lengths pooled | " + " | ".join(f"{n} macro-F1" for n in DETECTORS)]
    lines[-1] += " |"
    lines.append("|---|" + "---:|" * len(DETECTORS))
    for variant in variants:
        f1s = " | ".join(f"{macro_f1(*pooled[(variant, name)]):.1f}" for name in DETECTORS)
        lines.append(f"| {variant} | {f1s} |")
    lines += ["", "| all spellings pooled | " + " | ".join(f"{n} accuracy" for n in DETECTORS)]
    lines[-1] += " |"
    lines.append("|---|" + "---:|" * len(DETECTORS))
    for bucket in BUCKETS:
        accs = " | ".join(f"{accuracy(*pooled[(bucket, name)]):.1f}" for name in DETECTORS)
        lines.append(f"| {bucket} | {accs} |")
    cold, warm = throughput(all_texts)
    rates = ", ".join(
        f"{name} {len(all_texts) / seconds_total[name]:,.0f}"
        for name in DETECTORS
        if name != "Senim"
    )
    lines += [
        "",
        f"Messages per second, one core, {len(all_texts):,} messages: Senim {cold:,.0f} on a "
        f"first pass (empty word cache), {warm:,.0f} once the cache holds these words; {rates}.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--per-cell", type=int, default=200, help="messages per language and cell (default 200)"
    )
    parser.add_argument(
        "--more-spellings",
        action="store_true",
        help="add Latin typing with mixed spelling habits (not part of the headline figures)",
    )
    args = parser.parse_args()
    start = time.perf_counter()
    print(report(args.per_cell, args.more_spellings))
    print(f"\nTotal run time: {time.perf_counter() - start:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
