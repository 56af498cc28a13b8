#!/usr/bin/env python3
"""Walks the regulator dashboard in headless Chromium as a person would, over the
DevTools protocol on a pipe (--remote-debugging-pipe: commands on fd 3, replies on
fd 4, each a JSON text ended by NUL), with the standard library only.

    dashboard_session.py CHROMIUM BASE_URL TOKEN SCREENSHOT.png [PHOTO UPLOAD_SHOT]

Opens /dashboard (which sends the browser to the sign-in form), types the token into
the form and submits it, reads the dashboard, takes screenshots at desktop and phone size (SCREENSHOT, and -phone.png beside it); with PHOTO, follows
the page's link to the upload form, chooses PHOTO in its file input, submits it, and
takes screenshots of the answer at desktop and phone size (UPLOAD_SHOT-desktop.png,
UPLOAD_SHOT-phone.png); then signs out with the page's own form, and opens /dashboard
again. Prints one JSON object of what it saw;
the Swift test (DashboardTests) asserts on it.
"""
import base64
import fcntl
import json
import os
import select
import subprocess
import sys
import time

chromium, base, token, screenshot = sys.argv[1:5]
photo, upload_shot = (sys.argv[5:7] + [None, None])[:2]

# Our ends above 10 and close-on-exec; the child gets its ends as fds 3 and 4.
commands_read, commands_write = os.pipe()
replies_read, replies_write = os.pipe()
child_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 10)
child_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)


def give_fds():
    os.dup2(child_read, 3)
    os.dup2(child_write, 4)


browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-pipe",
     "--window-size=1280,1600", "--no-first-run", "about:blank"],
    preexec_fn=give_fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for fd in (commands_read, replies_write, child_read, child_write):
    os.close(fd)

buffer = b""
next_id = 0
deadline = time.time() + 60


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


def evaluate(session, expression, wait_for=None):
    result = call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session, wait_for)
    return result["result"].get("value")


target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Page.enable", session=session)
seen = {}
call("Page.navigate", {"url": base + "/dashboard"}, session, "Page.loadEventFired")
seen["first_path"] = evaluate(session, "location.pathname")
evaluate(session, "document.querySelector('input[name=token]').value = %s; document.querySelector('form').requestSubmit(); true"
         % json.dumps(token), "Page.loadEventFired")
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
evaluate(session, "document.querySelector('form[action=\"/dashboard/sign-out\"]').requestSubmit(); true", "Page.loadEventFired")
seen["signed_out_path"] = evaluate(session, "location.pathname")
call("Page.navigate", {"url": base + "/dashboard"}, session, "Page.loadEventFired")
seen["after_path"] = evaluate(session, "location.pathname")
try:
    call("Browser.close")
except SystemExit:
    pass
browser.wait(timeout=20)
print(json.dumps(seen, ensure_ascii=False))
