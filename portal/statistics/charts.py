"""Bar charts drawn on the server as SVG: the geometry here, the markup in
statistics/chart.html. Drawn by hand rather than with a charting library: the site's
Content-Security-Policy (portal.headers) forbids inline <style> and scripts, which pygal's SVG
carries (its colours live in a <style> element, its tooltips in a script), and bars need only
rectangles; colours come from portal.css, and each bar's <title> is its tooltip."""

import math
from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 200  # horizontal bars: the labels' column
VALUE_WIDTH = 70  # room for the number after the longest bar
ROW = 24
BAR = 16
HEIGHT = 260  # columns
TOP, BOTTOM, LEFT = 16, 34, 48
TICKS = 8  # columns: at most this many labels under the axis
SHORT = 26  # characters of a label drawn in the chart; the table has it whole
HEAD = 10  # of them, from its start
MAX_STEP = 60  # columns: a short series stays a series of columns, not one slab


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    tick: bool = True  # its label is drawn

    @property
    def text_y(self) -> float:  # horizontal bars: the baseline of its label and value
        return self.y + BAR - 4

    @property
    def value_x(self) -> float:
        return self.x + self.width + 4

    @property
    def short(self) -> str:
        """The label cut in the middle, where long names of one kind ("Trung tâm Thông tin
        KH&CN tỉnh …") differ least."""
        if len(self.label) <= SHORT:
            return self.label
        return self.label[:HEAD] + "…" + self.label[HEAD + 1 - SHORT :]


@dataclass(frozen=True)
class Chart:
    slug: str  # the figure's id, and its CSV's name
    title: str
    description: str  # the gist in words, for the SVG's <desc>
    headings: tuple[str, str]  # the data table's columns
    rows: list[tuple[str, int]]
    horizontal: bool
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    csv_url: str = ""
    left: int = LEFT
    left_label: int = LABEL_WIDTH - 6
    left_axis: int = LEFT - 6
    axis_y: int = HEIGHT - BOTTOM
    tick_y: int = HEIGHT - 12
    peak: int = 0  # columns: the scale's top, written beside the axis
    top: int = TOP


def every_year(counts: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """(year, count) from the first year to the last, the years with none included."""
    found = dict(counts)
    years = range(min(found), max(found) + 1) if found else range(0)
    return [(str(year), found.get(year, 0)) for year in years]


def horizontal(
    slug: str,
    title: str,
    description: str,
    headings: tuple[str, str],
    rows: list[tuple[str, int]],
    csv_url: str = "",
) -> Chart:
    """One bar per row, longest first as given: categories (provinces, types, sources)."""
    peak = max((value for _label, value in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(label, value, LABEL_WIDTH, i * ROW + (ROW - BAR) / 2, room * value / peak, BAR)
        for i, (label, value) in enumerate(rows)
    ]
    return Chart(
        slug,
        title,
        description,
        headings,
        rows,
        True,
        height=max(ROW, ROW * len(rows)),
        bars=bars,
        csv_url=csv_url,
    )


def columns(
    slug: str,
    title: str,
    description: str,
    headings: tuple[str, str],
    rows: list[tuple[str, int]],
    csv_url: str = "",
) -> Chart:
    """One column per row, in the order given: a series over time (years, months)."""
    peak = max((value for _label, value in rows), default=0) or 1
    plot = HEIGHT - TOP - BOTTOM
    step = min(MAX_STEP, (WIDTH - LEFT) / max(1, len(rows)))
    every = math.ceil(len(rows) / TICKS) or 1
    bars = [
        Bar(
            label,
            value,
            LEFT + i * step + step * 0.1,
            TOP + plot - plot * value / peak,
            step * 0.8,
            plot * value / peak,
            tick=i % every == 0,
        )
        for i, (label, value) in enumerate(rows)
    ]
    return Chart(
        slug, title, description, headings, rows, False, bars=bars, csv_url=csv_url, peak=peak
    )
