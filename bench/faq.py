"""FAQ search: accuracy per language on the question set, and search latency.

Run: .venv/bin/python bench/faq.py [--content DIR] [--questions FILE] [--misses]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.faq.content import load_content  # noqa: E402
from bot.faq.evaluation import evaluate, load_questions  # noqa: E402
from bot.faq.search import FaqIndex, answer_mode  # noqa: E402

OFFTOPIC = ROOT / "tests" / "faq" / "fixtures" / "offtopic.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "locales" / "content")
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/faq_questions.yaml")
    parser.add_argument("--misses", action="store_true", help="list the questions missed")
    parser.add_argument("--rounds", type=int, default=5, help="latency rounds over the set")
    parser.add_argument("--sweep", action="store_true", help="print threshold trade-offs")
    args = parser.parse_args()

    content = load_content(args.content)
    started = time.perf_counter()
    index = FaqIndex.build(content)
    build_ms = (time.perf_counter() - started) * 1000
    questions = load_questions(args.questions)
    print(f"{len(content.entries)} entries, {len(questions)} questions,", end=" ")
    print(f"index built in {build_ms:.0f} ms")
    print()

    for label, language_of in language_modes():
        scores = evaluate(index, questions, language_of=language_of)
        print(f"### {label}")
        print(
            "| lang | questions | top-1 | top-3 | answered alone | of those right | nothing fits |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for lang, score in sorted(scores.items()):
            right = score.answered_right / score.answered if score.answered else 0.0
            alone, nothing = score.answered / score.total, score.none / score.total
            print(
                f"| {lang} | {score.total} | {score.top1_rate:.1%} | {score.top3_rate:.1%} "
                f"| {alone:.1%} | {right:.1%} | {nothing:.1%} |"
            )
        print()
        if args.misses and language_of is None:
            for lang, score in sorted(scores.items()):
                for question, hits in score.misses:
                    got = " ".join(f"{hit.slug}:{hit.score:.2f}" for hit in hits)
                    print(f"  miss {lang} {question.slug}: {question.text!r} -> {got}")
            print()

    offtopic = yaml.safe_load(OFFTOPIC.read_text(encoding="utf-8"))
    pairs = [(lang, text) for lang, texts in offtopic.items() for text in texts]
    rejected = sum(answer_mode(index.search(text, lang)) == "none" for lang, text in pairs)
    print(f"off-topic messages answered with 'nothing fits': {rejected}/{len(pairs)}")
    print()
    if args.sweep:
        sweep(index, questions, pairs)

    # Wall time is what a user waits; CPU time is what the search costs. They differ when
    # other processes share the cores, which shows in the tail.
    for label, lang_of in (
        ("language given", lambda q: q.lang),
        ("language unknown", lambda q: None),
    ):
        wall, cpu = [], []
        for _ in range(args.rounds):
            for question in questions:
                start_wall, start_cpu = time.perf_counter(), time.thread_time()
                index.search(question.text, lang_of(question))
                cpu.append((time.thread_time() - start_cpu) * 1000)
                wall.append((time.perf_counter() - start_wall) * 1000)
        print(
            f"latency, {label}, {len(wall)} searches: "
            f"wall p50 {percentile(wall, 50):.2f} ms, p99 {percentile(wall, 99):.2f} ms; "
            f"CPU p50 {percentile(cpu, 50):.2f} ms, p99 {percentile(cpu, 99):.2f} ms"
        )
    return 0


def language_modes() -> list[tuple[str, object]]:
    """Language given; detected by bot.langid (when it is there); unknown (all searched)."""
    modes: list[tuple[str, object]] = [("language given", None)]
    try:
        from bot.langid import detect
    except ImportError:
        pass
    else:
        modes.append(("language detected by bot.langid", lambda q: detect(q.text).lang))
    modes.append(("language unknown", lambda q: None))
    return modes


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share) - 1]


def sweep(index, questions, offtopic) -> None:
    """How the answer thresholds trade coverage against mistakes on this question set."""
    results = [(q, index.search(q.text, q.lang)) for q in questions]
    off = [index.search(text, lang) for lang, text in offtopic]
    print("| NONE_BELOW | questions with nothing fits | off-topic with nothing fits |")
    print("|---:|---:|---:|")
    for threshold in (0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20):
        lost = sum(not hits or hits[0].score < threshold for _, hits in results)
        kept = sum(not hits or hits[0].score < threshold for hits in off)
        print(f"| {threshold:.2f} | {lost / len(results):.1%} | {kept}/{len(off)} |")
    print()
    print("| ANSWER_FROM | ANSWER_MARGIN | answered alone | of those right |")
    print("|---:|---:|---:|---:|")
    for start in (0.15, 0.20, 0.25, 0.30, 0.35):
        for margin in (0.0, 0.03, 0.06, 0.10, 0.15):
            alone = [
                (q, hits)
                for q, hits in results
                if hits
                and hits[0].score >= start
                and hits[0].score - (hits[1].score if len(hits) > 1 else 0.0) >= margin
            ]
            right = sum(hits[0].slug == q.slug for q, hits in alone)
            share = len(alone) / len(results)
            precision = right / len(alone) if alone else 0.0
            print(f"| {start:.2f} | {margin:.2f} | {share:.1%} | {precision:.1%} |")
    print()


if __name__ == "__main__":
    sys.exit(main())
