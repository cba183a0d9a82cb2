"""Time norms (jangka waktu penyelesaian) read from what Standar Pelayanan documents say.

"10 (Sepuluh) Menit", "1 s/d 2 Hari setelah berkas … diterima", "1-2 Hari Kerja",
"1 Tahun – 1,5 Tahun", "3 s.d 4 hari", "2x24 jam": each becomes a :class:`TimeNorm`.
Text that cannot be read is an error quoting it; nothing is guessed.

Interpretations (docs/domain.md): "hari kerja" counts working days; plain "hari",
"minggu", "bulan" and "tahun" count calendar time; "menit" and "jam" count
working time (within jam kerja), except the "N×24 jam" form, which is elapsed
hours. A range's upper bound is the promise a request is measured against; the
lower bound is shown to the user.

When the clock starts is read from the words, never assumed: "setelah berkas …
lengkap" starts it at berkas lengkap (the officer declares the documents
complete); "setelah berkas … diterima" starts it when the berkas is received,
which in the Standar Pelayanan's own procedure comes before it is checked
(Kabupaten Bekasi, Bantuan Sosial: step 2 "menerima berkas", step 3 "meneliti
dan memverifikasi"). A norm that names the berkas without saying which is an error.
A cell's printed working hours ("Jam kerja 08.00 – 15.30") are kept on the norm
and replace the tenant's working periods when the norm's working time is counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, time

from core.timekeeping.calendar import WorkingCalendar

UNIT_WORDS = {
    "menit": "menit", "mnt": "menit", "jam": "jam", "hari": "hari", "minggu": "minggu", "pekan": "minggu",
    "bulan": "bulan", "bln": "bulan", "tahun": "tahun", "thn": "tahun",
}
# How many of the smaller unit make one of the larger, for ranges written with two units.
CONVERSIONS = {("tahun", "bulan"): 12, ("minggu", "hari"): 7, ("hari", "jam"): 24, ("jam", "menit"): 60}
DIGITS = {
    "nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
    "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
}
NUM = r"\d+(?:\.\d+)?"
UNIT = r"(?:menit|mnt|jam|hari|minggu|pekan|bulan|bln|tahun|thn)"
RANGE = r"(?:-|s/d|s\.d\.?|s\.d|sd|sampai\s+dengan|sampai|hingga|atau)"
NORM = re.compile(
    rf"^(?P<a>{NUM})\s*(?P<ua>{UNIT})?\s*(?:(?:{RANGE})\s*(?P<b>{NUM})\s*)?(?P<u>{UNIT})\b\s*(?P<kerja>kerja)?(?P<rest>.*)$"
)
TIMES = re.compile(rf"^(?P<n>\d+)\s*[x×]\s*(?P<m>\d+)\s*(?P<u>{UNIT})\b(?P<rest>.*)$")
# What may follow the norm: when the clock starts, or a remark with no further duration
# ("dan nanti dihubungi oleh petugas via telepon ...").
REST_OK = re.compile(r"^(?:(?:setelah|sejak|terhitung|sesudah|dari|per)\b.*|dan\b(?!.*\d+\s*(?:menit|jam|hari|minggu|bulan|tahun)).*)$")
BULLETS = re.compile(r"[\u27a2\u27a4\u2022\u25cf\u25aa]")
TAGS = re.compile(r"<[^>]+>")
NAMES_THE_BERKAS = re.compile(r"\b(?:berkas|dokumen|persyaratan)\b")
BERKAS_COMPLETE = re.compile(r"\blengkap\b")
BERKAS_RECEIVED = re.compile(r"\b(?:diterima|masuk|disampaikan|diajukan)\b")


# The longest norm the platform keeps a clock for (adopsi anak, 1.5 tahun, is the longest seen).
CEILING_DAYS = 3660
DAYS_PER_UNIT = {"menit": 1 / 1440, "jam": 1 / 24, "hari": 1, "minggu": 7, "bulan": 31, "tahun": 366}


class TimeNormError(ValueError):
    def __init__(self, text: str, reason: str = "cannot read this time norm"):
        super().__init__(f"{reason}: {text!r}")
        self.text = text


@dataclass(frozen=True)
class TimeNorm:
    text: str
    minimum: float
    maximum: float
    unit: str
    working: bool
    clock_starts: str = "diterima"
    working_hours: tuple[time, time] | None = None

    def calendar_for(self, calendar: WorkingCalendar) -> WorkingCalendar:
        """The tenant's calendar, with this service's own printed working hours if it has them."""
        return calendar.with_periods((self.working_hours,)) if self.working_hours else calendar

    def deadline(self, start: datetime, calendar: WorkingCalendar) -> datetime:
        return self.calendar_for(calendar).add(start, self.maximum, self.unit, working=self.working)


def _words_to_digits(text: str) -> str:
    """Indonesian number words (up to 99) to digits: "dua puluh satu" -> "21"."""

    def unit_value(word: str) -> int | None:
        return DIGITS.get(word)

    tokens, out, i = text.split(), [], 0
    while i < len(tokens):
        word = tokens[i]
        value = None
        if word == "sepuluh":
            value, i = 10, i + 1
        elif word == "sebelas":
            value, i = 11, i + 1
        elif unit_value(word) is not None and word != "se" and i + 1 < len(tokens) and tokens[i + 1] == "belas":
            value, i = 10 + unit_value(word), i + 2
        elif unit_value(word) is not None and word != "se" and i + 1 < len(tokens) and tokens[i + 1] == "puluh":
            value, i = 10 * unit_value(word), i + 2
            if i < len(tokens) and unit_value(tokens[i]) not in (None, 0) and tokens[i] != "se":
                value, i = value + unit_value(tokens[i]), i + 1
        elif unit_value(word) is not None and word != "se":
            value, i = unit_value(word), i + 1
        if value is None:
            out.append(word)
            i += 1
        else:
            out.append(str(value))
    return " ".join(out)


def _normalise(text: str) -> str:
    folded = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2012", "-").replace("\u2026", "...")
    folded = re.sub(r"\([^)]*\)", " ", folded)  # "10 (sepuluh) menit": the words repeat the digits
    folded = re.sub(r"(\d),(\d)", r"\1.\2", folded)
    folded = re.sub(r"(\d)\s*-\s*(\d)", r"\1 - \2", folded)
    folded = re.sub(r"\s+", " ", folded).strip(" .;:,")
    return _words_to_digits(folded) if not re.search(r"\d", folded) else folded


def _convert(amount: float, unit: str, target: str) -> float:
    if unit == target:
        return amount
    if (unit, target) in CONVERSIONS:
        return amount * CONVERSIONS[(unit, target)]
    if (target, unit) in CONVERSIONS:
        return amount / CONVERSIONS[(target, unit)]
    raise ValueError(f"cannot compare {unit} with {target}")


def parse_time_norm(text: str) -> TimeNorm:
    """A norm from a phrase, or from a whole Standar Pelayanan cell such as
    "➤ Jam kerja 08.00 – 15.30 ➤ 7 Hari Kerja" (the working hours are kept on the norm)."""
    if not isinstance(text, str) or not text.strip():
        raise TimeNormError(str(text), "empty time norm")
    parts = [p.strip() for p in BULLETS.split(TAGS.sub(" ", text)) if p.strip()]
    hours = None
    norms = []
    for part in parts:
        if re.match(r"^\s*jam\s+(kerja|pelayanan|layanan)\b", part, re.IGNORECASE):
            hours = parse_working_hours(part)
        else:
            norms.append(part)
    if len(norms) != 1:
        raise TimeNormError(text, "expected exactly one duration")
    norm = _parse_phrase(norms[0], text)
    return replace(norm, working_hours=hours) if hours else norm


def _parse_phrase(phrase: str, text: str) -> TimeNorm:
    folded = _normalise(phrase)
    times = TIMES.match(folded)
    if times:
        rest = times["rest"].strip()
        if rest and not REST_OK.match(rest):
            raise TimeNormError(text)
        amount = float(int(times["n"]) * int(times["m"]))
        unit = UNIT_WORDS[times["u"]]
        _within_ceiling(amount, unit, text)
        return TimeNorm(text, amount, amount, unit, False, _clock(rest, text))
    match = NORM.match(folded)
    if not match:
        raise TimeNormError(text)
    rest = match["rest"].strip()
    if rest and not REST_OK.match(rest):
        raise TimeNormError(text)
    unit = UNIT_WORDS[match["u"]]
    first = float(match["a"])
    if match["b"] is not None:
        low_unit = UNIT_WORDS[match["ua"]] if match["ua"] else unit
        try:
            low = _convert(first, low_unit, unit)
        except ValueError:
            raise TimeNormError(text, "a range in units that cannot be compared") from None
        high = float(match["b"])
    else:
        if match["ua"]:
            raise TimeNormError(text)
        low = high = first
    if low > high:
        raise TimeNormError(text, "the range runs backwards")
    if high <= 0:
        raise TimeNormError(text, "a time norm must be longer than zero")
    _within_ceiling(high, unit, text)
    working = unit in ("menit", "jam") or (unit == "hari" and match["kerja"] is not None)
    if match["kerja"] is not None and unit in ("bulan", "tahun", "minggu"):
        working = False
    return TimeNorm(text, low, high, unit, working, _clock(rest, text))


def _within_ceiling(amount: float, unit: str, text: str) -> None:
    if amount * DAYS_PER_UNIT[unit] > CEILING_DAYS:
        raise TimeNormError(text, f"a time norm longer than {CEILING_DAYS // 366} years is no promise the platform can keep")


def _clock(rest: str, text: str) -> str:
    """``berkas_lengkap`` or ``diterima``: when the norm's clock starts, as its words say."""
    if not rest or not NAMES_THE_BERKAS.search(rest):
        return "diterima"
    if BERKAS_COMPLETE.search(rest):
        return "berkas_lengkap"
    if BERKAS_RECEIVED.search(rest):
        return "diterima"
    raise TimeNormError(text, "say whether the clock starts when the berkas is received (diterima) or complete (lengkap)")


HOURS = re.compile(rf"(\d{{1,2}})[.:](\d{{2}})\s*(?:wib|wita|wit)?\s*(?:{RANGE})\s*(\d{{1,2}})[.:](\d{{2}})")


def parse_working_hours(text: str) -> tuple[time, time]:
    """ "Jam kerja 08.00 – 15.30" -> (08:00, 15:30)."""
    match = HOURS.search(_normalise(text).replace(" - ", "-"))
    if not match:
        raise TimeNormError(text, "cannot read these working hours")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        raise TimeNormError(text, "not a time of day") from None
    if not start < end:
        raise TimeNormError(text, "working hours end before they start")
    return start, end
