"""Charts drawn on the server as SVG: no script, no inline style, no network (the page's
Content-Security-Policy stays strict). Colours come from classes in ``app.css``; every chart
carries a title and a description for screen readers, and the table beside it has the numbers."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 640, 18, 6, 220


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    css: str = "bar"
    note: str = ""


def _frame(name: str, width: int, height: int, title: str, description: str, body: list[str]) -> str:
    """The chart's frame; ``name`` keeps the ids of its title and description unique in the page."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="{name}-t {name}-d">'
            f'<title id="{name}-t">{escape(title)}</title><desc id="{name}-d">{escape(description)}</desc>'
            + "".join(body) + "</svg>")


def ranking(bars: list[Bar], title: str, maximum: float = 100.0) -> str:
    """Horizontal bars, one per agency, longest first as given; the value written at each bar's end."""
    height = max(1, len(bars)) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 60
    body = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = 0 if maximum <= 0 else max(0.0, min(1.0, bar.value / maximum)) * span
        body.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 5}" text-anchor="end" class="label">'
                    f'{escape(bar.label[:34])}</text>'
                    f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" class="{escape(bar.css)}"/>'
                    f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 5}" class="value">'
                    f'{escape(bar.note or f"{bar.value:.2f}")}</text>')
    description = "; ".join(f"{bar.label}: {bar.note or f'{bar.value:.2f}'}" for bar in bars)
    return _frame("ranking", WIDTH, height, title, description, body)


def trend(points: list[tuple[str, int, float | None]], title: str) -> str:
    """Months along the bottom: bars of requests served (left scale) and a line of the share on
    time (0–100 %, right scale); a month without a share breaks the line."""
    height, top, bottom, left, right = 240, 16, 200, 48, WIDTH - 48
    count = max(1, len(points))
    step = (right - left) / count
    most = max([served for _, served, _ in points] + [1])
    body = [f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="axis"/>',
            f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="label">{most}</text>',
            f'<text x="{right + 4}" y="{top + 8}" class="label">100%</text>',
            f'<text x="{right + 4}" y="{bottom}" class="label">0%</text>']
    line: list[str] = []
    segments: list[list[str]] = [line]
    for index, (month, served, share) in enumerate(points):
        x = left + index * step
        bar = (bottom - top) * served / most
        body.append(f'<rect x="{x + step * 0.15:.1f}" y="{bottom - bar:.1f}" width="{step * 0.7:.1f}" '
                    f'height="{bar:.1f}" class="bar"/>')
        body.append(f'<text x="{x + step / 2:.1f}" y="{bottom + 14}" text-anchor="middle" class="label">'
                    f'{escape(month[2:])}</text>')
        if share is None:
            line = []
            segments.append(line)
        else:
            line.append(f"{x + step / 2:.1f},{bottom - (bottom - top) * share:.1f}")
    for segment in segments:
        if len(segment) > 1:
            body.append(f'<polyline points="{" ".join(segment)}" class="line"/>')
        for point in segment:
            cx, cy = point.split(",")
            body.append(f'<circle cx="{cx}" cy="{cy}" r="3" class="dot"/>')
    description = "; ".join(f"{month}: {served} selesai, "
                            f"{'-' if share is None else f'{share * 100:.1f}%'} tepat waktu"
                            for month, served, share in points)
    return _frame("trend", WIDTH, height + 4, title, description, body)
