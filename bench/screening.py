"""Screening benchmark: accuracy on tests/data/screening_eval.yaml and throughput.

Run: .venv/bin/python bench/screening.py [--seconds 3]
Prints per-language and per-indicator precision/recall, urgent recall, false-flag rate on
negatives, and messages per second on one core (language known, every lexicon, and the
lexicons alone without the indicator reader); then what the danger reader adds: urgent
messages the lexicons missed that the bot asks about, and how often it asks about ordinary
messages and questions; and what the situation reader takes back.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from bot.screening import INDICATORS, Screening, screen
from bot.screening.engine import NO_SITUATION
from bot.screening.evaluation import Example, Scores, evaluate, load_examples
from bot.screening.reader import asks_about_danger, load_reader

EVAL_FILE = Path(__file__).parents[1] / "tests" / "data" / "screening_eval.yaml"
FAQ_QUESTIONS = Path(__file__).parents[1] / "tests" / "data" / "faq_questions.yaml"


def _table(title: str, scores: dict[str, Scores]) -> None:
    print(f"\n{title}")
    print(
        "| lang | msgs | precision | recall | micro-F1 | urgent recall | false flag | exact risk |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for lang, s in scores.items():
        print(
            f"| {lang} | {s.messages} | {s.precision():.3f} | {s.recall():.3f} | {s.f1():.3f} "
            f"| {s.urgent_recall:.3f} ({s.urgent_found}/{s.urgent}) "
            f"| {s.false_flag_rate:.3f} ({s.false_flags}/{s.negatives}) | {s.risk_accuracy:.3f} |"
        )


def _indicator_table(scores: Scores) -> None:
    print("\n| indicator | precision | recall | support |")
    print("|---|---|---|---|")
    for code in INDICATORS:
        support = scores.true_pos[code] + scores.false_neg[code]
        print(f"| {code} | {scores.precision(code):.3f} | {scores.recall(code):.3f} | {support} |")


def _throughput(texts: list[tuple[str, str | None, bool]], seconds: float) -> tuple[float, float]:
    """Messages per CPU-second of this process, in its best pass over ``texts`` and over all
    passes. CPU time, because the machine may be shared and wall-clock figures would measure
    the neighbours too; the best pass, as ``timeit`` advises, because a shared host slows
    some passes and never speeds one up. Each item: text, language, read."""
    for text, lang, read in texts:  # warm up: lexicons compiled, caches filled
        screen(text, lang, read=read)
    passes: list[float] = []
    while sum(passes) < seconds:
        start = time.process_time()
        for text, lang, read in texts:
            screen(text, lang, read=read)
        passes.append(time.process_time() - start)
    return len(texts) / min(passes), len(texts) * len(passes) / sum(passes)


def _faq_questions() -> list[tuple[str, str, Screening]]:
    """Each everyday question, its language, and its screening with the language known."""
    return [
        (text, lang, screen(text, lang))
        for by_lang in yaml.safe_load(FAQ_QUESTIONS.read_text(encoding="utf-8")).values()
        for lang, texts in by_lang.items()
        for text in texts
    ]


def _faq_flags(questions: list[tuple[str, str, Screening]]) -> None:
    # Many of these questions tell a real situation ("паспорт забрали на работе"), so some
    # flags are right; what matters is what the indicator reader adds to the lexicons.
    flagged = sum(result.risk != "none" for _, _, result in questions)
    alone = sum(screen(text, lang, read=False).risk != "none" for text, lang, _ in questions)
    print(f"\nFAQ questions flagged: {flagged}/{len(questions)} ({alone} by the lexicons alone)")


def _reader_figures(
    screened: dict[Example, Screening], questions: list[tuple[str, str, Screening]]
) -> None:
    print("\n## the danger reader: urgent found, or asked about")
    print("| split | urgent found by the screening | found or asked | negatives asked about |")
    print("|---|---|---|---|")
    for split in ("dev", "holdout"):
        chosen = [(e, result) for e, result in screened.items() if e.split == split]
        urgent = [(e, result) for e, result in chosen if e.risk == "urgent"]
        found = sum(result.risk == "urgent" for _, result in urgent)
        asked = sum(asks_about_danger(result, e.text) for e, result in urgent)
        negatives = [(e, result) for e, result in chosen if e.risk == "none"]
        asked_negatives = sum(asks_about_danger(result, e.text) for e, result in negatives)
        print(
            f"| {split} | {found}/{len(urgent)} | {found + asked}/{len(urgent)} "
            f"| {asked_negatives}/{len(negatives)} |"
        )
    asked = [text for text, _, result in questions if asks_about_danger(result, text)]
    print(f"\nFAQ questions asked about: {len(asked)}/{len(questions)}")
    for text in asked:
        print(f"- {text}")
    reader = load_reader()
    texts = [e.text for e in screened]
    start = time.process_time()
    for text in texts:
        reader.probability(text)
    per_second = len(texts) / (time.process_time() - start)
    print(f"\nreader speed: {per_second:,.0f} messages per CPU-second")


def _situation_figures(screened: dict[Example, Screening]) -> None:
    print("\n## the situation reader: findings taken back")
    print("| split | taken back | labelled none (false flags saved) | labelled otherwise (lost) |")
    print("|---|---|---|---|")
    for split in ("dev", "holdout"):
        taken = [
            e
            for e, result in screened.items()
            if e.split == split and result.reason == f"none:{NO_SITUATION}"
        ]
        negatives = sum(e.risk == "none" for e in taken)
        print(f"| {split} | {len(taken)} | {negatives} | {len(taken) - negatives} |")


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per throughput run")
    args = parser.parse_args()
    examples = load_examples(EVAL_FILE)
    # Screened once, language known: the tables and the readers' figures all read these, as
    # they read the everyday questions' screenings below.
    screened = {e: screen(e.text, e.lang) for e in examples}
    for split in ("dev", "holdout"):
        chosen = [e for e in examples if e.split == split]
        known = evaluate(chosen, screened.__getitem__)
        _table(f"## {split} split, language known", known)
        every = evaluate(chosen, lambda e: screen(e.text, None))
        _table(f"## {split} split, every lexicon (language unknown)", {"all": every["all"]})
        alone = evaluate(chosen, lambda e: screen(e.text, e.lang, read=False))
        _table(f"## {split} split, the lexicons alone (language known)", {"all": alone["all"]})
        print(f"\n{split} split per indicator, language known:")
        _indicator_table(known["all"])
        if split == "holdout":
            print("\nMissed or wrong on the held-out split:")
            for example, result in known["all"].errors:
                print(
                    f"- [{example.lang}] expected {example.risk} {sorted(example.indicators)},"
                    f" got {result.risk} {list(result.codes)}"
                )
    questions = _faq_questions()
    _faq_flags(questions)
    _reader_figures(screened, questions)
    _situation_figures(screened)
    print("\n## throughput (one core, messages per CPU-second: best pass, and all passes)")
    ordinary = [e for e in examples if e.risk == "none"]
    for label, chosen in (("every message of the set", examples), ("ordinary messages", ordinary)):
        runs = {
            "language known": [(e.text, e.lang, True) for e in chosen],
            "every lexicon": [(e.text, None, True) for e in chosen],
            "lexicons alone, language known": [(e.text, e.lang, False) for e in chosen],
        }
        figures = []
        for name, texts in runs.items():
            best, overall = _throughput(texts, args.seconds)
            figures.append(f"{best:,.0f} ({overall:,.0f} all passes; {name})")
        print(f"- {label}: " + ", ".join(figures))


if __name__ == "__main__":
    main()
