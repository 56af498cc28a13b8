#!/usr/bin/env python3
"""Walks the regulator dashboard in headless Chromium as a person would, over the
DevTools protocol (`devtools.py`).

    dashboard_session.py CHROMIUM BASE_URL LOGIN PASSWORD TOTP_SECRET SCREENSHOT.png [PHOTO UPLOAD_SHOT]

Opens /dashboard (which sends the browser to the sign-in form), types the login, the
password and the code an authenticator app would show (RFC 6238, from TOTP_SECRET in
base32) into the form and submits it, comes back to the dashboard, reads the dashboard, takes screenshots at desktop and phone size (SCREENSHOT, and -phone.png beside it); with PHOTO, follows
the page's link to the upload form, chooses PHOTO in its file input, submits it, and
takes screenshots of the answer at desktop and phone size (UPLOAD_SHOT-desktop.png,
UPLOAD_SHOT-phone.png); then signs out with the page's own form, and opens /dashboard
again. Prints one JSON object of what it saw;
the Swift test (DashboardTests) asserts on it.
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import time

from devtools import Chromium

chromium, base, login, password, totp_secret, screenshot = sys.argv[1:7]
photo, upload_shot = (sys.argv[7:9] + [None, None])[:2]


def totp(secret, step):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


browser = Chromium(chromium, ["--window-size=1280,1600"], timeout=60)
call, evaluate = browser.call, browser.evaluate

session = browser.open_page()
seen = {}
call("Page.navigate", {"url": base + "/dashboard"}, session, "Page.loadEventFired")
seen["first_path"] = evaluate(session, "location.pathname")
fill = "".join("document.querySelector('input[name=%s]').value = %s;" % (name, json.dumps(value))
               for name, value in [("login", login), ("password", password), ("code", totp(totp_secret, int(time.time()) // 30))])
evaluate(session, fill + "document.querySelector('form[action^=\"/w/sign-in\"]').requestSubmit(); true", "Page.loadEventFired")
seen["signed_in_path"] = evaluate(session, "location.pathname")
seen["signed_in_html"] = evaluate(session, "document.documentElement.outerHTML")
seen["cookie_seen_by_script"] = evaluate(session, "document.cookie")


def capture(path):
    shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))


capture(screenshot)
call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}, session)
capture(screenshot[:-4] + "-phone.png")
seen["phone_overflow"] = evaluate(session, "document.documentElement.scrollWidth > window.innerWidth")
call("Emulation.clearDeviceMetricsOverride", session=session)
if photo:
    evaluate(session, "document.querySelector('a[href=\"/dashboard/files\"]').click(); true", "Page.loadEventFired")
    seen["upload_form_path"] = evaluate(session, "location.pathname")
    root = call("DOM.getDocument", session=session)["root"]["nodeId"]
    node = call("DOM.querySelector", {"nodeId": root, "selector": "input[type=file]"}, session)["nodeId"]
    call("DOM.setFileInputFiles", {"nodeId": node, "files": [photo]}, session)
    evaluate(session, "document.querySelector('form[enctype]').requestSubmit(); true", "Page.loadEventFired")
    seen["uploaded_html"] = evaluate(session, "document.documentElement.outerHTML")
    seen["thumbnail_loaded"] = evaluate(session, "(() => { const i = document.querySelector('img'); return !!i && i.complete && i.naturalWidth > 0 })()")
    capture(upload_shot + "-desktop.png")
    call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}, session)
    capture(upload_shot + "-phone.png")
    seen["upload_phone_overflow"] = evaluate(session, "document.documentElement.scrollWidth > window.innerWidth")
    call("Emulation.clearDeviceMetricsOverride", session=session)
    call("Page.navigate", {"url": base + "/dashboard"}, session, "Page.loadEventFired")
evaluate(session, "document.querySelector('form[action=\"/w/sign-out\"]').requestSubmit(); true", "Page.loadEventFired")
seen["signed_out_path"] = evaluate(session, "location.pathname")
call("Page.navigate", {"url": base + "/dashboard"}, session, "Page.loadEventFired")
seen["after_path"] = evaluate(session, "location.pathname")
browser.close()
print(json.dumps(seen, ensure_ascii=False))
