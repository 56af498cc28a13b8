#!/usr/bin/env python3
"""Loads portal pages in headless Chromium at one window size and reports how they were
laid out, over the DevTools protocol (`devtools.py`).

    portal_layout.py CHROMIUM WIDTH HEIGHT URL SCREENSHOT.png [URL SCREENSHOT.png ...]

For each page: a screenshot of the window, the DOM after loading, the document's
scroll width against the window's (horizontal overflow), the elements reaching past the
window's right edge, how the first row of a `table.cards` is displayed, and the fonts
Chromium actually drew the `<h1>` with (a CJK font, not tofu). Prints a JSON list; the
Swift test (PortalBrowserTests) asserts on it.
"""
import base64
import json
import sys

from devtools import Chromium

chromium, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pages = list(zip(sys.argv[4::2], sys.argv[5::2]))
browser = Chromium(chromium, [f"--window-size={width},{height}", "--hide-scrollbars"], timeout=30 + 15 * len(pages))
call, evaluate = browser.call, browser.evaluate


LAYOUT = """(() => {
  const right = window.innerWidth + 1;
  // Past the edge and not clipped by an ancestor that ends inside the window.
  const clipped = e => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflow !== 'visible' && a.getBoundingClientRect().right <= right) return true;
    }
    return false;
  };
  const past = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > right && !clipped(e))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ': ' + (e.textContent || '').slice(0, 40));
  const row = document.querySelector('table.cards tbody tr');
  return {
    scroll_width: document.documentElement.scrollWidth, window_width: window.innerWidth, past_right_edge: past,
    card_row_display: row ? getComputedStyle(row).display : null,
    lang: document.documentElement.lang, html: document.documentElement.outerHTML,
  };
})()"""

session = browser.open_page()
call("DOM.enable", session=session)
call("CSS.enable", session=session)
# A phone-sized window is a phone: the page's viewport meta applies, as on a handset.
call("Emulation.setDeviceMetricsOverride",
     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}, session)
seen = []
for url, screenshot in pages:
    call("Page.navigate", {"url": url}, session, "Page.loadEventFired")
    page = evaluate(session, LAYOUT)
    page["url"] = url
    root = call("DOM.getDocument", {}, session)["root"]["nodeId"]
    heading = call("DOM.querySelector", {"nodeId": root, "selector": "h1"}, session)["nodeId"]
    fonts = call("CSS.getPlatformFontsForNode", {"nodeId": heading}, session)["fonts"] if heading else []
    page["heading_fonts"] = [font["familyName"] for font in fonts]
    shot = call("Page.captureScreenshot", {"format": "png"}, session)
    with open(screenshot, "wb") as file:
        file.write(base64.b64decode(shot["data"]))
    seen.append(page)
browser.close()
print(json.dumps(seen, ensure_ascii=False))
