#!/usr/bin/env python3
"""An inspector's morning on site and an institution's afternoon, in headless Chromium on a
390 px phone screen, over the DevTools protocol (`devtools.py`). Clicks and typing are
real input events, so the pages work as a person's browser works them.

    onsite_journey.py CHROMIUM BASE SHOTS_PREFIX INSPECTOR_LOGIN INSPECTOR_PASSWORD
        INSTITUTION_LOGIN INSTITUTION_PASSWORD INSPECTION_ID HAZARD_ID ENTRY_ID PHOTO

The inspector signs in, opens today's assignment, saves the first items with script
disabled (plain forms), then with script: some items online, then the test cuts the
connection (DevTools network emulation) and saves more, which wait in the page's queue;
the connection comes back and they are sent. Every item gets the photo PHOTO. The
representative signs on the pad; the inspector submits, and the printed record is
captured (and printed to PDF). The institution, with script disabled throughout, plans
and rectifies HAZARD_ID with the photo, objects to ENTRY_ID with it as evidence, fills
half of the self-assessment, signs out, signs in again, finds its answers, finishes and
submits. Each opens the other's page and is refused. Prints one JSON object of what it
saw; the Swift test (OnSiteBrowserTests) asserts on it and on the API.
"""
import base64
import json
import re
import sys
import time

from devtools import Chromium

(chromium, base, prefix, inspector_login, inspector_password, institution_login, institution_password,
 inspection_id, hazard_id, entry_id, photo) = sys.argv[1:12]
browser = Chromium(chromium, ["--window-size=390,844", "--lang=zh-CN"], timeout=280)
call, evaluate = browser.call, browser.evaluate
seen = {"overflow": {}}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


def step(name):
    print("step %.1f %s" % (time.time() - started, name), file=sys.stderr, flush=True)


started = time.time()


def phone(session):
    call("Emulation.setDeviceMetricsOverride", PHONE, session)


def capture(session, name, script=True):
    shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
    with open("%s-%s-phone.png" % (prefix, name), "wb") as file:
        file.write(base64.b64decode(shot["data"]))
    if script:
        seen["overflow"][name] = evaluate(session, "document.documentElement.scrollWidth > window.innerWidth")


def go(session, path):
    call("Page.navigate", {"url": base + path}, session, "Page.loadEventFired")


def node(session, selector):
    root = call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
    found = call("DOM.querySelector", {"nodeId": root, "selector": selector}, session)["nodeId"]
    if not found:
        raise SystemExit("no element %s on %s" % (selector, html(session)[:400]))
    return found


def html(session):
    root = call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
    return call("DOM.getOuterHTML", {"nodeId": root}, session)["outerHTML"]


def point(session, selector):
    found = node(session, selector)
    call("DOM.scrollIntoViewIfNeeded", {"nodeId": found}, session)
    quad = call("DOM.getContentQuads", {"nodeId": found}, session)["quads"][0]
    return sum(quad[0::2]) / 4, sum(quad[1::2]) / 4


def click(session, selector, wait_for=None):
    """A tap: the mouse pressed and released on the element's centre."""
    x, y = point(session, selector)
    call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1}, session)
    call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, "button": "left", "clickCount": 1}, session, wait_for)


def type_into(session, selector, text):
    call("DOM.focus", {"nodeId": node(session, selector)}, session)
    call("Input.insertText", {"text": text}, session)


def attach(session, selector, path):
    call("DOM.setFileInputFiles", {"files": [path], "nodeId": node(session, selector)}, session)


def until(session, expression, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        if evaluate(session, expression):
            return True
        time.sleep(0.2)
    return False


def sign_in(session, login, password, then):
    go(session, "/w/sign-in?next=" + then)
    type_into(session, "#login", login)
    type_into(session, "#password", password)
    click(session, "form button[type=submit]", "Page.loadEventFired")


def item_codes(page):
    return re.findall(r'data-item="([^"]+)"', page)


def answer(session, code, result="pass", finding=None, wait_for=None):
    """Answers an item as a finger would: the result, the finding, a photo, save. With
    script, taps again what a layout shift made miss (a status line above changed)."""
    item = '[data-item="%s"] ' % code
    radio = item + 'input[name=result][value=%s]' % result
    click(session, radio)
    if wait_for is None:
        for _ in range(3):
            if until(session, "document.querySelector(%s).checked" % json.dumps(radio), 2):
                break
            click(session, radio)
    if finding:
        click(session, item + "details.more summary")
        type_into(session, item + "textarea[name=finding]", finding)
    attach(session, item + "input[type=file]", photo)
    click(session, item + "button[type=submit]", wait_for)
    if wait_for is None:
        went = "(e => e.hasAttribute('data-queued') || e.hasAttribute('data-saved'))(document.querySelector(%s))" % json.dumps(
            '[data-item="%s"]' % code)
        for _ in range(3):
            if until(session, went, 3):
                break
            click(session, item + "button[type=submit]")


step('The inspector, on the phone.')
# The inspector, on the phone.
inspector = browser.open_page()
phone(inspector)
call("Network.enable", session=inspector)
sign_in(inspector, inspector_login, inspector_password, "/m")
seen["inspector_path"] = evaluate(inspector, "location.pathname")
seen["agenda_names"] = evaluate(inspector, "[...document.querySelectorAll('[data-due] h3')].map(e => e.textContent.trim())")
seen["agenda_map"] = evaluate(inspector, "!!document.querySelector('[data-due] a[href^=\"https://uri.amap.com\"]')")
capture(inspector, "m-agenda")
click(inspector, '[data-due] a[href$="%s"]' % inspection_id, "Page.loadEventFired")
seen["sheet_path"] = evaluate(inspector, "location.pathname")
codes = item_codes(html(inspector))
seen["items"] = len(codes)
capture(inspector, "m-sheet")

step('Without script: each item')
# Without script: each item is a plain form; the page comes back after each save.
call("Emulation.setScriptExecutionDisabled", {"value": True}, inspector)
call("Page.reload", {}, inspector, "Page.loadEventFired")
answer(inspector, codes[0], "fail", "安全出口堵塞", wait_for="Page.loadEventFired")
answer(inspector, codes[1], wait_for="Page.loadEventFired")
page = html(inspector)
seen["saved_without_script"] = len(re.findall(r'data-item="[^"]+" data-saved', page))
capture(inspector, "m-sheet-no-script", script=False)
call("Emulation.setScriptExecutionDisabled", {"value": False}, inspector)
call("Page.reload", {}, inspector, "Page.loadEventFired")

step('With script: saves go by fet')
# With script: saves go by fetch, the page stays.
saved = "[...document.querySelectorAll('[data-item][data-saved]')].length"
online = codes[2:len(codes) // 2]
for code in online:
    answer(inspector, code)
seen["online_sent"] = until(inspector, "%s >= %d" % (saved, 2 + len(online)))

step('The connection drops')
# The connection drops: saves wait in the page's queue, none is lost.
call("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
     inspector)
offline = codes[len(codes) // 2:len(codes) // 2 + 4]
for code in offline:
    answer(inspector, code)
seen["queued"] = until(inspector, "document.querySelectorAll('[data-item][data-queued]').length === %d" % len(offline), 10) and \
    evaluate(inspector, "document.querySelectorAll('[data-item][data-queued]').length")
time.sleep(1)
seen["offline_banner"] = evaluate(inspector, "document.querySelector('[data-connection]').textContent")
seen["saved_while_offline"] = evaluate(inspector, saved)
capture(inspector, "m-sheet-offline")
call("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
     inspector)
seen["sent_after"] = until(inspector, "%s >= %d" % (saved, 2 + len(online) + len(offline)), 30)
seen["online_banner"] = evaluate(inspector, "document.querySelector('[data-connection]').textContent")
for code in codes[len(codes) // 2 + 4:]:
    answer(inspector, code)
seen["all_saved"] = until(inspector, "%s === %d" % (saved, len(codes)), 60)
seen["progress"] = evaluate(inspector, "document.querySelector('[data-progress]').textContent")

step('The representative confirms')
# The representative confirms on the pad.
click(inspector, "[data-confirm-link]", "Page.loadEventFired")
type_into(inspector, "#representative", "王建国")
x, y = point(inspector, "canvas[data-pad]")
call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x - 80, "y": y, "button": "left", "buttons": 1, "clickCount": 1},
     inspector)
for n in range(1, 17):
    call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x - 80 + n * 10, "y": y + (12 if n % 2 else -12),
                                      "button": "left", "buttons": 1}, inspector)
call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x + 80, "y": y, "button": "left", "buttons": 0, "clickCount": 1},
     inspector)
capture(inspector, "m-confirm")
click(inspector, "form[data-confirm-form] button[type=submit]", "Page.loadEventFired")
seen["confirmed_text"] = evaluate(inspector, "document.querySelector('[data-confirmed]').textContent")
click(inspector, "form[data-submit] button", "Page.loadEventFired")
seen["record_path"] = evaluate(inspector, "location.pathname")
until(inspector, "[...document.images].every(i => i.complete)", 10)
seen["record_rows"] = evaluate(inspector, "document.querySelectorAll('[data-row]').length")
seen["record_photos"] = evaluate(inspector, "[...document.querySelectorAll('[data-row] img')].filter(i => i.naturalWidth > 0).length")
seen["record_signature"] = evaluate(inspector, "(document.querySelector('[data-confirmation] img.signature') || {}).naturalWidth || 0")
seen["record_confirmation"] = evaluate(inspector, "document.querySelector('[data-confirmation]').textContent")
capture(inspector, "m-record")
call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, inspector)
shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, inspector)
with open("%s-m-record-desktop.png" % prefix, "wb") as file:
    file.write(base64.b64decode(shot["data"]))
pdf = base64.b64decode(call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}, inspector)["data"])
with open("%s-m-record.pdf" % prefix, "wb") as file:
    file.write(pdf)
seen["pdf_bytes"] = len(pdf) if pdf.startswith(b"%PDF") else 0
phone(inspector)
go(inspector, "/i")
seen["inspector_on_institution_page"] = evaluate(inspector, "document.title")

step('The institution, with script')
# The institution, with script disabled from the start: every form is a plain form.
context = call("Target.createBrowserContext")["browserContextId"]
target = call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
staff = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Page.enable", session=staff)
phone(staff)
call("Emulation.setScriptExecutionDisabled", {"value": True}, staff)
sign_in(staff, institution_login, institution_password, "/i")
page = html(staff)
seen["institution_home_has_hazard"] = "/i/hazards/" + hazard_id in page
seen["institution_home_has_notice"] = "/i/blacklist/" + entry_id in page
capture(staff, "i-home", script=False)
go(staff, "/i/hazards/" + hazard_id)
type_into(staff, "#plan-text", "当日拆除门锁，更换为推杠锁")
click(staff, "form[data-plan] button", "Page.loadEventFired")
type_into(staff, "#evidence-text", "门锁已拆除，推杠锁已装")
attach(staff, "#evidence-photo", photo)
capture(staff, "i-hazard", script=False)
click(staff, "form[data-evidence] button", "Page.loadEventFired")
seen["hazard_page_photos"] = len(re.findall(r'<img class="thumb"', html(staff)))
go(staff, "/i/blacklist/" + entry_id)
type_into(staff, "#text", "通道已于逾期前疏通，附现场照片")
attach(staff, "#evidence", photo)
capture(staff, "i-blacklist", script=False)
click(staff, "form[data-object] button", "Page.loadEventFired")
seen["objection_shown"] = "data-objection-files" in html(staff)
go(staff, "/i/self-assessment")
self_codes = re.findall(r'<fieldset class="item" data-item="([^"]+)"', html(staff))
seen["self_items"] = len(self_codes)
for code in self_codes[:len(self_codes) // 2]:
    click(staff, '[data-item="%s"] input[value=pass]' % code)
type_into(staff, '#note-%s' % self_codes[0], "消防通道已检查")
click(staff, "[data-save]", "Page.loadEventFired")
click(staff, "form.sign-out button", "Page.loadEventFired")
sign_in(staff, institution_login, institution_password, "/i/self-assessment")
page = html(staff)
seen["second_visit_checked"] = len(re.findall(r'value="pass" checked', page))
seen["second_visit_note"] = "消防通道已检查" in page
for code in self_codes[len(self_codes) // 2:]:
    click(staff, '[data-item="%s"] input[value=pass]' % code)
capture(staff, "i-self", script=False)
click(staff, "[data-submit]", "Page.loadEventFired")
seen["self_submitted"] = "data-submitted" in html(staff)
go(staff, "/m/inspections/" + inspection_id)
seen["institution_on_inspector_page"] = re.search(r"<title>([^<]*)</title>", html(staff)).group(1)
call("Emulation.setScriptExecutionDisabled", {"value": False}, staff)
go(staff, "/i")
capture(staff, "i-home-after")
browser.close()
print(json.dumps(seen, ensure_ascii=False))
