"""Train the three readers on the labelled set and store their weights: ``python -m
bot.screening.train [tests/data/screening_eval.yaml]`` (``make reader``).

Run it whenever the labelled set changes; a test fails until the stored weights match it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from bot.screening import indicator_reader, reader, situation


def main(argv: Iterable[str] | None = None) -> None:
    """Learn from the development split of ``eval_file`` and write the weight files."""
    args = list(sys.argv[1:] if argv is None else argv)
    eval_file = Path(args[0] if args else "tests/data/screening_eval.yaml")
    for module in (reader, situation):
        learned = reader.train(module.training_examples(eval_file))
        module.READER_FILE.write_text(learned.to_json(), encoding="utf-8")
        print(f"{module.READER_FILE}: {len(learned.weights)} n-grams, {learned.digest[:12]}")
    indicators = indicator_reader.train(indicator_reader.training_examples(eval_file))
    indicator_reader.READER_FILE.write_text(indicators.to_json(), encoding="utf-8")
    print(
        f"{indicator_reader.READER_FILE}: {len(indicators.rows)} features, "
        f"examples {indicators.digest[:12]}"
    )


if __name__ == "__main__":
    main()
