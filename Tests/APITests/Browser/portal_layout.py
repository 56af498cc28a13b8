#!/usr/bin/env python3
"""Loads portal pages in headless Chromium at one window size and reports how they were
laid out, over the DevTools protocol on a pipe (--remote-debugging-pipe: commands on
fd 3, replies on fd 4, each a JSON text ended by NUL), with the standard library only.

    portal_layout.py CHROMIUM WIDTH HEIGHT URL SCREENSHOT.png [URL SCREENSHOT.png ...]

For each page: a screenshot of the window, the DOM after loading, the document's
scroll width against the window's (horizontal overflow), the elements reaching past the
window's right edge, how the first row of a `table.cards` is displayed, and the fonts
Chromium actually drew the `<h1>` with (a CJK font, not tofu). Prints a JSON list; the
Swift test (PortalBrowserTests) asserts on it.
"""
import base64
import fcntl
import json
import os
import select
import subprocess
import sys
import time

chromium, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pages = list(zip(sys.argv[4::2], sys.argv[5::2]))

commands_read, commands_write = os.pipe()
replies_read, replies_write = os.pipe()
child_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 10)
child_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)


def give_fds():
    os.dup2(child_read, 3)
    os.dup2(child_write, 4)


browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-pipe",
     f"--window-size={width},{height}", "--hide-scrollbars", "--no-first-run", "about:blank"],
    preexec_fn=give_fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for fd in (commands_read, replies_write, child_read, child_write):
    os.close(fd)

buffer = b""
next_id = 0
deadline = time.time() + 30 + 15 * len(pages)


def receive():
    global buffer
    while b"\0" not in buffer:
        remaining = deadline - time.time()
        if remaining <= 0 or not select.select([replies_read], [], [], remaining)[0]:
            browser.kill()
            raise SystemExit("timed out waiting for Chromium")
        chunk = os.read(replies_read, 65536)
        if not chunk:
            raise SystemExit("Chromium closed the pipe")
        buffer += chunk
    text, buffer = buffer.split(b"\0", 1)
    return json.loads(text)


def call(method, params=None, session=None, wait_for=None):
    """Sends a command; returns its result, after the event `wait_for` if given."""
    global next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(commands_write, json.dumps(message).encode() + b"\0")
    result, waited = None, wait_for is None
    while result is None or not waited:
        reply = receive()
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit(f"{method}: {reply['error']}")
            result = reply["result"]
        elif wait_for and reply.get("method") == wait_for and reply.get("sessionId") == session:
            waited = True
    return result


def evaluate(session, expression):
    result = call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
    return result["result"].get("value")


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

target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Page.enable", session=session)
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
try:
    call("Browser.close")
except SystemExit:
    pass
browser.wait(timeout=20)
print(json.dumps(seen, ensure_ascii=False))
