#!/usr/bin/env python3
"""A rectification notice as its two readers get it, in headless Chromium over the
DevTools protocol (`devtools.py`).

    notice_print.py CHROMIUM BASE SHOTS_PREFIX REGULATOR_COOKIE INSTITUTION_COOKIE NOTICE_ID INSTITUTION_ID

The regulator (REGULATOR_COOKIE, `ovs_session=…`) opens /w/notices/NOTICE_ID, an issued
notice: screenshots at phone and desktop width, and the page printed to PDF on A4; then
the institution's page (INSTITUTION_ID), which lists it. The institution
(INSTITUTION_COOKIE), with script disabled (a plain form), finds it on /i, opens
/i/notices/NOTICE_ID, confirms receipt with a name and finds the service recorded; its
page is printed to PDF too. Writes SHOTS_PREFIX-*.png and SHOTS_PREFIX-*.pdf and prints
one JSON object of what it saw; the Swift test (NoticeBrowserTests) asserts on it, on
the PDFs' text (pdftotext) and on the API.
"""
import base64
import html
import json
import re
import sys

from devtools import Chromium

chromium, base, prefix, regulator_cookie, institution_cookie, notice_id, institution_id = sys.argv[1:8]
browser = Chromium(chromium, ["--window-size=1280,900", "--lang=zh-CN"], timeout=120)
call, evaluate = browser.call, browser.evaluate
seen = {"overflow": {}}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


def signed_in(cookie):
    """A tab of its own browser context with the session cookie set."""
    context = call("Target.createBrowserContext")["browserContextId"]
    target = call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    name, value = cookie.split("=", 1)
    call("Network.enable", session=session)
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


def pdf(session, name):
    data = base64.b64decode(call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}, session)["data"])
    with open("%s-%s.pdf" % (prefix, name), "wb") as file:
        file.write(data)
    return len(data) if data.startswith(b"%PDF") else 0


def node(session, selector):
    root = call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
    found = call("DOM.querySelector", {"nodeId": root, "selector": selector}, session)["nodeId"]
    if not found:
        raise SystemExit("no element %s" % selector)
    return found


def click(session, selector):
    found = node(session, selector)
    call("DOM.scrollIntoViewIfNeeded", {"nodeId": found}, session)
    quad = call("DOM.getContentQuads", {"nodeId": found}, session)["quads"][0]
    x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
    call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1}, session)
    call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, "button": "left", "clickCount": 1}, session,
         "Page.loadEventFired")


def text(session, selector):
    """An element's text, read through the DOM (so also with the page's script disabled)."""
    root = call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
    found = call("DOM.querySelector", {"nodeId": root, "selector": selector}, session)["nodeId"]
    if not found:
        return None
    outer = call("DOM.getOuterHTML", {"nodeId": found}, session)["outerHTML"]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", outer))).strip()


def path(session):
    history = call("Page.getNavigationHistory", session=session)
    return history["entries"][history["currentIndex"]]["url"].split(base, 1)[-1].split("?")[0].split("#")[0]


regulator = signed_in(regulator_cookie)
go(regulator, "/w/notices/" + notice_id)
seen["regulator_path"] = path(regulator)
seen["number"] = text(regulator, "[data-number]")
seen["party"] = text(regulator, "[data-party]")
seen["items"] = evaluate(regulator, "document.querySelectorAll('[data-items] li').length")
seen["draft_mark"] = text(regulator, "[data-draft]")
seen["sha256"] = text(regulator, "[data-sha256]")
seen["order"] = text(regulator, "[data-order]")
shot(regulator, "w-notice-phone", PHONE)
shot(regulator, "w-notice-desktop", DESKTOP)
seen["regulator_pdf_bytes"] = pdf(regulator, "issued")
go(regulator, "/w/institutions/" + institution_id)
seen["on_institution_page"] = text(regulator, "[data-notices] a")
shot(regulator, "w-institution-desktop", DESKTOP)

institution = signed_in(institution_cookie)
call("Emulation.setScriptExecutionDisabled", {"value": True}, institution)
call("Emulation.setDeviceMetricsOverride", PHONE, institution)
go(institution, "/i")
seen["listed_on_home"] = text(institution, '[data-rectification-notices] a[href="/i/notices/%s"]' % notice_id)
shot(institution, "i-home-phone", PHONE, script=False)
go(institution, "/i/notices/" + notice_id)
seen["form_before"] = text(institution, "form[data-acknowledge]") is not None
shot(institution, "i-notice-phone", PHONE, script=False)
call("DOM.focus", {"nodeId": node(institution, "#receiver")}, institution)
call("Input.insertText", {"text": "李红"}, institution)
click(institution, "form[data-acknowledge] button[type=submit]")
seen["institution_path"] = path(institution)
seen["form_after"] = text(institution, "form[data-acknowledge]") is not None
seen["service"] = text(institution, "[data-service]")
seen["order_after"] = text(institution, "[data-order]")
shot(institution, "i-notice-served-phone", PHONE, script=False)
seen["served_pdf_bytes"] = pdf(institution, "served")
browser.close()
print(json.dumps(seen, ensure_ascii=False))
