"""The credits file written next to the profiles (``profiles/SOURCES.md``).

The profiles are counts taken from the corpus, so they carry its sources and licences; this
text is derived from the corpus's own SOURCES.md and regenerated with every training run.
"""

from __future__ import annotations

from bot.langid.corpus import PROFILE_RECIPES

VARIANT_NOTES: dict[str, str] = {
    "as_written": "as written",
    "russified": "respelled as typed on a Russian keyboard (`russify`)",
    "latin": "transliterated into Latin letters, spelling habits chosen per line",
    "no_apostrophe": "with the oʻ/gʻ apostrophe dropped",
}

HEADER = """# Language profiles: sources and licences

Each `*.json` file here is a langdetect language profile (`{"freq": {n-gram: count},
"n_words": [1-gram total, 2-gram total, ...], "name": ...}`; 1- to 5-grams, the most frequent
kept) counted by `senim langid train` from the training split of the LID corpus
(`shared/corpora/lid`, one sentence a line). One sentence in ten, chosen by a hash, is held out
as the dev split and never counted. The profiles are derived from the texts below and are shared
under **CC BY-SA 4.0**, the most restrictive licence among them; the CC BY sources (KazNERD,
KazSAnDRA) are credited here as their licence asks.

## Profiles

| profile | language | trained on | training lines |
|---|---|---|---:|
"""

SOURCES = """
## Corpus files and their sources

- `kk.txt`: KazNERD (Yeshpanov et al., 2022; https://github.com/IS2AI/KazNERD; CC BY 4.0),
  KazSAnDRA (Yeshpanov & Varol, 2024; https://github.com/IS2AI/KazSAnDRA; CC BY 4.0),
  UD_Kazakh-KTB (CC BY-SA 4.0).
- `ky.txt`: UD_Kyrgyz-KTMU and UD_Kyrgyz-TueCL (CC BY-SA 4.0); Mozilla Common Voice sentence
  collection, Kloop.kg sentences (CC0 1.0); SIB-200 / FLORES-200 `kir_Cyrl` (CC BY-SA 4.0).
- `uz.txt`: Mozilla Common Voice sentence collection (CC0 1.0); SIB-200 / FLORES-200
  `uzn_Latn` (CC BY-SA 4.0); UD_Uzbek-UT (CC BY-SA 4.0).
- `uz_cyrl.txt`: a rule-based Latin-to-Cyrillic transliteration of `uz.txt` (same licences).
- `ru.txt`: UD_Russian-Taiga and UD_Russian-GSD (CC BY-SA 4.0); UD_Russian-PUD (CC BY-SA 3.0).
- `en.txt`: UD_English-EWT (CC BY-SA 4.0); UD_English-PUD (CC BY-SA 3.0).
- `tr.txt`: UD_Turkish-Kenet and UD_Turkish-BOUN (CC BY-SA 4.0).
- `tg.txt`: SIB-200 / FLORES-200 `tgk_Cyrl` (CC BY-SA 4.0); Mozilla Common Voice sentence
  collection (CC0 1.0).

Universal Dependencies treebanks: https://github.com/UniversalDependencies (one repository per
`UD_<Language>-<Treebank>`). Common Voice: https://github.com/common-voice/common-voice.
SIB-200 (Adelani et al., 2024): https://github.com/dadelani/sib-200, with text from FLORES-200
(NLLB Team, 2022). The exact files, commits and selections are listed in the corpus's
SOURCES.md.

Turkish and Tajik are trained only so that text in those languages is not forced into Uzbek,
Kazakh or Kyrgyz; the detector reports them as `und`.
"""


def sources_markdown(lines_used: dict[str, int], langs: dict[str, str]) -> str:
    """The full SOURCES.md for a training run."""
    rows = []
    for name, recipe in PROFILE_RECIPES.items():
        trained_on = "; ".join(
            f"`{source}.txt` {VARIANT_NOTES[variant]}" for source, variant in recipe
        )
        rows.append(f"| `{name}.json` | {langs[name]} | {trained_on} | {lines_used[name]:,} |")
    return HEADER + "\n".join(rows) + "\n" + SOURCES
