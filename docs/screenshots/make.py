"""
Make the screenshots of the web report in docs/screenshots/ with the browser
the tests use (Debian's Chromium through Playwright, tests/browser.py):

    python docs/screenshots/make.py

- ``summary-da.png``, ``summary-en.png``: the summary a committee reads
  first, on screen, for the bundled example as of 30 June 2018;
- ``first-page-da.png``: the first page of the report printed to PDF by the
  browser (A4, with its page footer), made a picture by poppler's pdftoppm
  (Debian's poppler-utils; left out where it is missing);
- ``trend-da.png``: the summary of the trend 2015-2018;
- ``annual-summary-da.png``, ``annual-first-page-da.png``: the summary of the
  annual report 2018 on screen, and its first printed page.

The time of generation is fixed (1 July 2018, 09.30; 2 January 2019, 08.15
for the annual report), so the pictures only change when the report does.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402

import forloeb  # noqa: E402
from forloeb.evaluation import annual_report, evaluate, trend  # noqa: E402
from forloeb.rendering import render_annual_report, render_evaluation, render_trend  # noqa: E402

MOMENT = dt.datetime(2018, 7, 1, 9, 30)
YEAR_END = dt.datetime(2019, 1, 2, 8, 15)
SUMMER = dt.date(2018, 6, 30)

def _summary(page: object, html: str, path: Path, *, width: int = 1100) -> None:
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    page.set_content(html)  # type: ignore[attr-defined]
    bottom = page.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('section.summary').getBoundingClientRect().bottom")
    page.screenshot(path=str(path), full_page=True,  # type: ignore[attr-defined]
                    clip={"x": 0, "y": 0, "width": width, "height": bottom + 24})


def _first_page(page: object, html: str, path: Path) -> bool:
    # The first page exactly as printed: the browser's PDF, page 1 as a picture.
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing (apt-get install poppler-utils): no first-page picture",
              file=sys.stderr)
        return False
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    page.set_content(html)  # type: ignore[attr-defined]
    pdf = page.pdf(prefer_css_page_size=True)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "report.pdf").write_bytes(pdf)
        subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                        str(Path(folder) / "report.pdf"), str(Path(folder) / "page")],
                       check=True)
        shutil.copyfile(Path(folder) / "page.png", path)
    return True


def main() -> int:
    reason = browser.unavailable()
    if reason is not None:
        print(f"cannot make the screenshots: {reason}", file=sys.stderr)
        return 1
    register = forloeb.load_example()
    document = evaluate(register, as_of=SUMMER).to_dict()
    source = {"da": "det medfølgende eksempel (syntetisk, Slagelse 2018)",
              "en": "the bundled example (synthetic, Slagelse 2018)"}
    made = ["summary-da.png", "summary-en.png", "trend-da.png", "annual-summary-da.png"]
    with browser.chromium() as chromium:
        page = chromium.new_page()
        for lang in ("da", "en"):
            html = render_evaluation(document, fmt="html", lang=lang, source=source[lang],
                                     generated_at=MOMENT)
            _summary(page, html, HERE / f"summary-{lang}.png")
            if lang == "da" and _first_page(page, html, HERE / "first-page-da.png"):
                made.append("first-page-da.png")
        years = trend(register, years=[2015, 2016, 2017, 2018])
        _summary(page, render_trend(years, fmt="html", lang="da", source=source["da"],
                                    generated_at=MOMENT), HERE / "trend-da.png")
        annual = render_annual_report(annual_report(register, year=2018).to_dict(), fmt="html",
                                      source=source["da"], generated_at=YEAR_END)
        _summary(page, annual, HERE / "annual-summary-da.png")
        if _first_page(page, annual, HERE / "annual-first-page-da.png"):
            made.append("annual-first-page-da.png")
    for name in made:
        print(HERE / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
