#!/usr/bin/env python3
"""A penalty decision as its readers get it, in headless Chromium over the DevTools
protocol (`devtools.py`).

    penalty_print.py CHROMIUM BASE SHOTS_PREFIX REGULATOR_COOKIE INSTITUTION_COOKIE DECIDED_ID NOTIFIED_ID SLUG

The regulator (REGULATOR_COOKIE) opens /w/penalties/DECIDED_ID, a decided and published
decision: screenshots at phone and desktop width, and the page printed to PDF on A4. The
institution (INSTITUTION_COOKIE), with script disabled (plain forms), finds NOTIFIED_ID on
/i, opens it, states its case and finds its statement recorded. The public portal's
/p/SLUG/penalties is captured at phone width. Writes SHOTS_PREFIX-*.png and -decision.pdf
and prints one JSON object of what it saw; the Swift test (PenaltyBrowserTests) asserts
on it, on the PDF's text (pdftotext) and on the API.
"""
import base64
import html
import json
import re
import sys

from devtools import Chromium

chromium, base, prefix, regulator_cookie, institution_cookie, decided_id, notified_id, slug = sys.argv[1:9]
browser = Chromium(chromium, ["--window-size=1280,900", "--lang=zh-CN"], timeout=120)
call, evaluate = browser.call, browser.evaluate
seen = {"overflow": {}}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


def tab(cookie=None):
    context = call("Target.createBrowserContext")["browserContextId"]
    target = call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    call("Network.enable", session=session)
    if cookie:
        name, value = cookie.split("=", 1)
        call("Network.setCookie", {"name": name, "value": value, "url": base}, session)
    return session


def go(session, path):
    call("Page.navigate", {"url": base + path}, session, "Page.loadEventFired")


def shot(session, name, metrics, script=True):
    call("Emulation.setDeviceMetricsOverride", metrics, session)
    data = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)["data"]
    with open("%s-%s.png" % (prefix, name), "wb") as file:
        file.write(base64.b64decode(data))
    if script:
        seen["overflow"][name] = evaluate(session, "document.documentElement.scrollWidth > window.innerWidth")


def node(session, selector):
    root = call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
    return call("DOM.querySelector", {"nodeId": root, "selector": selector}, session)["nodeId"]


def text(session, selector):
    """An element's text, read through the DOM (so also with the page's script disabled)."""
    found = node(session, selector)
    if not found:
        return None
    outer = call("DOM.getOuterHTML", {"nodeId": found}, session)["outerHTML"]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", outer))).strip()


def click(session, selector):
    found = node(session, selector)
    if not found:
        raise SystemExit("no element %s" % selector)
    call("DOM.scrollIntoViewIfNeeded", {"nodeId": found}, session)
    quad = call("DOM.getContentQuads", {"nodeId": found}, session)["quads"][0]
    x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
    call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1}, session)
    call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, "button": "left", "clickCount": 1}, session,
         "Page.loadEventFired")


regulator = tab(regulator_cookie)
go(regulator, "/w/penalties/" + decided_id)
seen["number"] = text(regulator, "[data-number]")
seen["penalties"] = evaluate(regulator, "document.querySelectorAll('[data-penalties] li').length")
seen["sha256"] = text(regulator, "[data-sha256]")
seen["publication"] = text(regulator, "[data-publication]")
shot(regulator, "w-penalty-phone", PHONE)
shot(regulator, "w-penalty-desktop", DESKTOP)
data = base64.b64decode(call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}, regulator)["data"])
with open("%s-decision.pdf" % prefix, "wb") as file:
    file.write(data)
seen["pdf_bytes"] = len(data) if data.startswith(b"%PDF") else 0

institution = tab(institution_cookie)
call("Emulation.setScriptExecutionDisabled", {"value": True}, institution)
call("Emulation.setDeviceMetricsOverride", PHONE, institution)
go(institution, "/i")
seen["listed_on_home"] = text(institution, '[data-penalty-decisions] a[href="/i/penalties/%s"]' % notified_id)
go(institution, "/i/penalties/" + notified_id)
seen["prior"] = text(institution, "[data-prior]")
seen["form_before"] = node(institution, "form[data-answer]") != 0
shot(institution, "i-penalty-phone", PHONE, script=False)
call("DOM.focus", {"nodeId": node(institution, "#text")}, institution)
call("Input.insertText", {"text": "安全出口已于检查当日开锁，请求从轻处罚。"}, institution)
click(institution, "form[data-answer] button[type=submit]")
seen["answered"] = text(institution, "[data-answered]")
seen["form_after"] = node(institution, "form[data-answer]") != 0
shot(institution, "i-penalty-answered-phone", PHONE, script=False)

public = tab()
go(public, "/p/%s/penalties" % slug)
seen["public_numbers"] = evaluate(public, "[...document.querySelectorAll('[data-penalties] tbody tr')].map(r => r.children[1].textContent.trim())")
seen["csv_link"] = evaluate(public, "document.querySelector('[data-csv]').getAttribute('href')")
shot(public, "p-penalties-phone", PHONE)
browser.close()
print(json.dumps(seen, ensure_ascii=False))
