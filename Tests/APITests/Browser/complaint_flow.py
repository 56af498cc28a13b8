#!/usr/bin/env python3
"""Files a complaint on the public portal in headless Chromium as a member of the
public would, and follows it with the tracking code (`devtools.py`).

    complaint_flow.py CHROMIUM BASE_URL SLUG SHOTS_PREFIX [JAVASCRIPT]

Opens the complaint form (script disabled unless JAVASCRIPT is "js": the form must work
without it), types a complaint with CJK text and a line break, submits it with the form's
own button, reads the tracking code from the page it lands on, then types that code into
the lookup box of a fresh form page and submits it. Takes screenshots of the form and
of the status page at desktop and phone size (SHOTS_PREFIX-form-desktop.png, …). Prints
one JSON object of what it saw; the Swift test asserts on it.
"""
import base64
import json
import sys

from devtools import Chromium

chromium, base, slug, shots = sys.argv[1:5]
javascript = len(sys.argv) > 5 and sys.argv[5] == "js"
browser = Chromium(chromium, ["--window-size=1280,1400"], timeout=60)
call, evaluate = browser.call, browser.evaluate
session = browser.open_page()
call("Emulation.setScriptExecutionDisabled", {"value": not javascript}, session)
seen = {}


def capture(name):
    """Desktop, then phone size, of the page as it is."""
    for size, metrics in (("desktop", None), ("phone", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})):
        if metrics:
            call("Emulation.setDeviceMetricsOverride", metrics, session)
            seen[name + "_phone_overflow"] = page_eval("document.documentElement.scrollWidth > window.innerWidth")
        shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
        with open(f"{shots}-{name}-{size}.png", "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        if metrics:
            call("Emulation.clearDeviceMetricsOverride", session=session)


def page_eval(expression, wait_for=None):
    # Runtime.evaluate runs even with the page's scripts disabled: it is the test's hand, not the page's script.
    return evaluate(session, expression, wait_for)


def fill(selector, value):
    root = call("DOM.getDocument", session=session)["root"]["nodeId"]
    node = call("DOM.querySelector", {"nodeId": root, "selector": selector}, session)["nodeId"]
    call("DOM.focus", {"nodeId": node}, session)
    call("Input.insertText", {"text": value}, session)


call("Page.navigate", {"url": f"{base}/p/{slug}/complaints/new"}, session, "Page.loadEventFired")
seen["form_title"] = page_eval("document.querySelector('h1').textContent")
fill("#institution_text", "幸福里养老院")
fill("#content", "夜里只有一名护理员值班，\n有老人摔倒半小时无人发现。")
page_eval("document.querySelector('input[name=safety]').click(); true")
capture("form")
page_eval("document.querySelector('form.complaint button[type=submit]').click(); true", "Page.loadEventFired")
seen["status_path"] = page_eval("location.pathname")
seen["received_shown"] = page_eval("!!document.querySelector('[data-received]')")
code = page_eval("(document.querySelector('[data-tracking-code]') || {getAttribute: () => ''}).getAttribute('data-tracking-code')")
seen["code_shown"] = page_eval("(document.querySelector('[data-tracking-code]') || {}).textContent || ''")
seen["code"] = code
seen["case_number"] = page_eval("(document.querySelector('[data-case-number]') || {}).textContent || ''")
seen["state"] = page_eval("(document.querySelector('[data-state]') || {}).getAttribute('data-state')")
capture("status")

# Later, with only the code: the lookup box on the form page.
call("Page.navigate", {"url": f"{base}/p/{slug}/complaints/new"}, session, "Page.loadEventFired")
fill("#code", seen["code_shown"].upper())  # as copied down: in groups, in capitals
page_eval("document.querySelector('.track button[type=submit]').click(); true", "Page.loadEventFired")
seen["followed_path"] = page_eval("location.pathname")
seen["followed_number"] = page_eval("(document.querySelector('[data-case-number]') || {}).textContent || ''")
seen["followed_received_shown"] = page_eval("!!document.querySelector('[data-received]')")
seen["followed_html"] = page_eval("document.body.innerText")
browser.close()
print(json.dumps(seen, ensure_ascii=False))
