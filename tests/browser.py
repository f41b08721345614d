"""
A real browser for the tests of the web report and for docs/screenshots/make.py:
Debian's Chromium, driven by Playwright, checked through the page itself.

:func:`chromium` starts one headless Chromium (no sandbox, no GPU, no
background networking, a fresh profile), or says why it cannot.
:data:`OVERFLOW_CHECK` is run in the page and lists every text that does not
fit its box: a text node wider than its element or its block, an element
sticking out of its parent, an SVG text outside its drawing or on top of
another one, or a page wider than the window. :func:`pdf_pages` reads a PDF
back as its pages' sizes and lines of text.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Where Debian installs Chromium.
CHROMIUM = "/usr/bin/chromium"

#: Chromium's flags for a closed machine: no sandbox (root in a container), no
#: GPU, and none of the background connections a closed network refuses.
ARGUMENTS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", "--disable-dev-shm-usage")

#: An A4 page in PostScript points, and the width of its printed area in CSS
#: pixels (210 mm less the report's 15 mm margins, at 96 pixels an inch).
A4_POINTS = (595.28, 841.89)
A4_CONTENT_PX = round((210 - 30) / 25.4 * 96)


def unavailable() -> str | None:
    """
    Why the browser tests cannot run here, or ``None`` if they can.
    """
    if shutil.which(CHROMIUM) is None and not os.path.exists(CHROMIUM):
        return f"Chromium is not installed ({CHROMIUM}; apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install '.[test]')"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """
    A running headless Chromium (a Playwright ``Browser``), closed at the end.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(ARGUMENTS))
        try:
            yield browser
        finally:
            browser.close()


#: Run in the page: every text that does not fit, as a list of sentences.
OVERFLOW_CHECK = """
() => {
  const problems = [];
  const slack = 1.5;
  const name = (el) => {
    let text = (el.textContent || "").trim().replace(/\\s+/g, " ");
    if (text.length > 60) text = text.slice(0, 57) + "...";
    return `<${el.tagName.toLowerCase()}${el.className && el.className.baseVal === undefined
      ? "." + String(el.className).split(" ").join(".") : ""}> "${text}"`;
  };
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + slack) {
    problems.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
  }
  const html = [...document.body.querySelectorAll("*")].filter(
    (el) => !(el instanceof SVGElement) || el.tagName.toLowerCase() === "svg");
  for (const el of html) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.display === "contents") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    // An element sticking out of its parent's box.
    const parent = el.parentElement;
    if (parent && parent !== document.body && getComputedStyle(parent).display !== "inline") {
      const outer = parent.getBoundingClientRect();
      if (box.left < outer.left - slack || box.right > outer.right + slack) {
        problems.push(`${name(el)} sticks out of ${name(parent)} ` +
                      `(${Math.round(box.left)}-${Math.round(box.right)} in ` +
                      `${Math.round(outer.left)}-${Math.round(outer.right)})`);
      }
    }
    // Text wider than the element holding it.
    if (style.display !== "inline" && el.scrollWidth > el.clientWidth + slack &&
        el.clientWidth > 0 && !(el instanceof SVGElement)) {
      problems.push(`${name(el)} holds text ${el.scrollWidth}px wide in ${el.clientWidth}px`);
    }
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      let block = el;
      while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
      const limit = block.getBoundingClientRect();
      for (const r of range.getClientRects()) {
        if (r.left < limit.left - slack || r.right > limit.right + slack) {
          problems.push(`text of ${name(el)} runs out of its box ` +
                        `(${Math.round(r.left)}-${Math.round(r.right)} in ` +
                        `${Math.round(limit.left)}-${Math.round(limit.right)})`);
        }
      }
    }
  }
  // SVG text: inside its drawing, and not on top of another text.
  for (const svg of document.querySelectorAll("svg")) {
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text")].map((t) => [t, t.getBoundingClientRect()]);
    for (const [t, r] of texts) {
      if (r.left < frame.left - slack || r.right > frame.right + slack ||
          r.top < frame.top - slack || r.bottom > frame.bottom + slack) {
        problems.push(`SVG text "${t.textContent}" is cut off by its drawing`);
      }
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [a, p] = texts[i], [b, q] = texts[j];
        if (p.left < q.right - slack && q.left < p.right - slack &&
            p.top < q.bottom - slack && q.top < p.bottom - slack) {
          problems.push(`SVG texts "${a.textContent}" and "${b.textContent}" overlap`);
        }
      }
    }
  }
  return problems;
}
"""

#: Run in the page: the text of every heading, in order.
HEADINGS = """
() => [...document.querySelectorAll("h1, h2, h3, figcaption")].map(
  (h) => h.textContent.trim().replace(/\\s+/g, " "))
"""


def pdf_pages(data: bytes) -> list[tuple[tuple[float, float], list[str]]]:
    """
    Each page of a PDF: its size in points and its lines of text, top to bottom.
    """
    return [(size, [text for text, _ in lines]) for size, lines in pdf_lines(data)]


def pdf_lines(data: bytes) -> list[tuple[tuple[float, float], list[tuple[str, bool]]]]:
    """
    Each page of a PDF: its size in points and its lines of text, top to
    bottom, each with whether all of it is set in a bold font (as headings are).
    """
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        pieces: list[tuple[float, float, str, bool]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, font_size: Any,
                  pieces: list[tuple[float, float, str, bool]] = pieces) -> None:
            if text.strip():
                name = str(font.get("/BaseFont", "")) if font else ""
                pieces.append((round(cm[5] + tm[5] * cm[3], 1), cm[4] + tm[4], text,
                               "Bold" in name))

        page.extract_text(visitor_text=visit)
        lines: dict[float, list[tuple[float, str, bool]]] = {}
        for y, x, text, bold in pieces:
            key = next((k for k in lines if abs(k - y) < 2.0), y)
            lines.setdefault(key, []).append((x, text, bold))
        ordered = sorted(lines.items(), key=lambda item: -item[0])
        pages.append((size, [(" ".join(t.strip() for _, t, _ in sorted(parts)).strip(),
                              all(b for _, _, b in parts)) for _, parts in ordered]))
    return pages
