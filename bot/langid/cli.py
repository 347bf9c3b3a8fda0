"""``senim langid``: label stdin lines by language; ``senim langid train``: rebuild profiles."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.langid.corpus import corpus_dir
from bot.langid.model import OUTPUT_LABELS, PROFILE_DIR, detect


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``langid`` command (classify stdin, or ``train``)."""
    parser = subparsers.add_parser(
        "langid",
        help="language of each stdin line (kk ky uz ru en und), or train the profiles",
        description="Print one language label per input line: kk, ky, uz, ru, en or und. "
        "'senim langid train' rebuilds the profiles from the corpus.",
    )
    parser.add_argument("action", nargs="?", choices=["train"], help="rebuild the profiles")
    parser.add_argument(
        "--prior", choices=OUTPUT_LABELS, help="conversation language, for short lines"
    )
    parser.add_argument(
        "--details", action="store_true", help="also print confidence and script, tab-separated"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        help="corpus folder for train (default: $SENIM_CORPORA/lid or ../shared/corpora/lid)",
    )
    parser.add_argument("--out", type=Path, default=PROFILE_DIR, help="profile folder for train")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "train":
        return train_command(args.corpus, args.out)
    return classify_lines(args.prior, args.details)


def classify_lines(prior: str | None, details: bool) -> int:
    """One label per stdin line, in order; empty lines are ``und``."""
    for line in sys.stdin:
        detection = detect(line.rstrip("\n"), prior=prior)
        if details:
            print(f"{detection.lang}\t{detection.confidence:.3f}\t{detection.script}")
        else:
            print(detection.lang)
    return 0


def train_command(corpus: Path | None, out_dir: Path) -> int:
    from bot.langid.train import train  # langdetect's profile machinery is needed only here

    corpus = corpus or corpus_dir()
    if corpus is None or not (corpus / "kk.txt").is_file():
        print("corpus not found: pass --corpus or set SENIM_CORPORA", file=sys.stderr)
        return 1
    for name, lines in train(corpus, out_dir).items():
        print(f"{name}\t{lines} lines", file=sys.stderr)
    print(f"profiles written to {out_dir}", file=sys.stderr)
    return 0
