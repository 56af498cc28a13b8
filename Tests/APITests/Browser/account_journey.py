#!/usr/bin/env python3
"""Walks people's accounts in headless Chromium as a regulator and a new colleague would,
over the DevTools protocol (`devtools.py`).

    account_journey.py CHROMIUM BASE_URL LOGIN PASSWORD TOTP_SECRET SHOTS_PREFIX INSTITUTION_NAME CERTIFICATE CREDIT_CODE

The regulator (LOGIN, PASSWORD, TOTP_SECRET in base32) signs in on /w/sign-in, opens
/w/accounts and invites, with the page's form, an inspector (by CERTIFICATE), an
institution's staff member (by CREDIT_CODE) and a colleague (a regulator); a second browser
context (another person, no cookie) opens the invitation link, sets a password, types
the code an authenticator app would show for the secret on the page (RFC 6238) and
reads the recovery codes; then signs in and opens /w/account. Then the colleague's
working day: finds INSTITUTION_NAME in the register and opens its page and edit form;
plans a draw, reads the roster preview, commits and executes it and waits for the result
(the Swift test runs the draw job meanwhile); reviews and publishes the submitted
inspection of the to-do list; verifies the rectification waiting there; opens the
dashboard. Every page is captured at
desktop and phone size (SHOTS_PREFIX-<page>-desktop.png / -phone.png). Prints one JSON
object of what it saw; the Swift test (AccountBrowserTests) asserts on it.
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import time
import urllib.parse

from devtools import Chromium

chromium, base, login, password, totp_secret, prefix, institution, certificate, credit_code = sys.argv[1:10]
browser = Chromium(chromium, ["--window-size=1280,1200"], timeout=150)
call, evaluate = browser.call, browser.evaluate
seen = {"overflow": {}}


def totp(secret, step):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def capture(session, name):
    for size, metrics in [("desktop", None), ("phone", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})]:
        if metrics:
            call("Emulation.setDeviceMetricsOverride", metrics, session)
        shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
        with open("%s-%s-%s.png" % (prefix, name, size), "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        if metrics:
            seen["overflow"][name] = evaluate(session, "document.documentElement.scrollWidth > window.innerWidth")
            call("Emulation.clearDeviceMetricsOverride", session=session)


def fill(session, values, form):
    script = "".join("document.querySelector(%s).value = %s;" % (json.dumps(form + " [name=%s]" % name), json.dumps(value))
                     for name, value in values)
    evaluate(session, script + "document.querySelector(%s).requestSubmit(); true" % json.dumps(form), "Page.loadEventFired")


def labelled(session):
    """Every visible input, select and textarea has a label that names it."""
    return evaluate(session, """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(e => e.offsetParent !== null && !e.closest('[aria-hidden=true]'))
        .every(e => (e.labels && e.labels.length > 0 && e.labels[0].textContent.trim() !== '') || e.getAttribute('aria-label'))""")


def go(session, path):
    call("Page.navigate", {"url": base + path}, session, "Page.loadEventFired")


def follow(session, selector):
    """Opens the link `selector` names, as a click would."""
    evaluate(session, "location.href = document.querySelector(%s).href; true" % json.dumps(selector), "Page.loadEventFired")


def text(session, selector):
    return evaluate(session, "(document.querySelector(%s) || {}).textContent || ''" % json.dumps(selector)).strip()


regulator = browser.open_page()
call("Page.navigate", {"url": base + "/w/accounts"}, regulator, "Page.loadEventFired")
seen["first_path"] = evaluate(regulator, "location.pathname + location.search")
capture(regulator, "sign-in")
seen["sign_in_labelled"] = labelled(regulator)
fill(regulator, [("login", login), ("password", password), ("code", totp(totp_secret, int(time.time()) // 30))], "form[action^='/w/sign-in']")
seen["signed_in_path"] = evaluate(regulator, "location.pathname")
seen["accounts_labelled"] = labelled(regulator)
for name, account, role, code in [("钱进", "qian.jin", "inspector", certificate), ("孙丽", "sun.li", "institution", credit_code)]:
    fill(regulator, [("display_name", name), ("login", account), ("role", role), ("subject_code", code)], "form[action^='/w/accounts']")
    seen["invited_" + role] = evaluate(regulator, "(document.querySelector('[data-invited]') || {}).textContent || ''")
fill(regulator, [("display_name", "赵敏"), ("login", "zhao.min"), ("role", "regulator"), ("subject_code", "")], "form[action^='/w/accounts']")
seen["invited_text"] = evaluate(regulator, "(document.querySelector('[data-invited]') || {}).textContent || ''")
link = evaluate(regulator, "(document.querySelector('[data-invitation-link]') || {}).textContent || ''")
seen["link"] = link
capture(regulator, "accounts")
call("Page.navigate", {"url": base + "/w"}, regulator, "Page.loadEventFired")
seen["todo_queues"] = evaluate(regulator, "document.querySelectorAll('[data-todo] li a').length")
capture(regulator, "todo")

# The colleague: a browser context of their own (no cookie of the regulator's).
context = call("Target.createBrowserContext")["browserContextId"]
target = call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
colleague = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Page.enable", session=colleague)
call("Runtime.enable", session=colleague)
call("Page.navigate", {"url": link}, colleague, "Page.loadEventFired")
seen["invitation_title"] = evaluate(colleague, "document.querySelector('h1').textContent")
seen["invitation_labelled"] = labelled(colleague)
capture(colleague, "invitation")
secret = evaluate(colleague, "document.querySelector('[data-totp-secret]').textContent")
new_password = "Zm-2026-safe!"
step = int(time.time()) // 30
fill(colleague, [("password", new_password), ("password_again", new_password), ("totp_code", totp(secret, step - 1))], "form[action^='/w/invite/']")
seen["recovery_codes"] = evaluate(colleague, "[...document.querySelectorAll('[data-recovery-codes] code')].map(c => c.textContent)")
capture(colleague, "activated")
call("Page.navigate", {"url": base + "/w/sign-in"}, colleague, "Page.loadEventFired")
fill(colleague, [("login", "zhao.min"), ("password", new_password), ("code", totp(secret, step))], "form[action^='/w/sign-in']")
seen["colleague_path"] = evaluate(colleague, "location.pathname")
call("Page.navigate", {"url": base + "/w/account"}, colleague, "Page.loadEventFired")
seen["history_actions"] = evaluate(colleague, "[...document.querySelectorAll('[data-history] tr[data-action]')].map(r => r.dataset.action)")
seen["cookie_seen_by_script"] = evaluate(colleague, "document.cookie")
capture(colleague, "account")
call("Page.navigate", {"url": base + "/w/account?lang=en"}, colleague, "Page.loadEventFired")
seen["english_heading"] = evaluate(colleague, "document.querySelector('h1').textContent")
capture(colleague, "account-en")

# The colleague's working day. The register: a search, the institution's page, its edit form.
go(colleague, "/w/institutions?q=" + urllib.parse.quote(institution[:3]))
seen["search_names"] = evaluate(colleague, "[...document.querySelectorAll('[data-institutions] tbody tr td:first-child a')].map(a => a.textContent)")
capture(colleague, "register")
follow(colleague, "[data-institutions] tbody tr td:first-child a")
seen["institution_heading"] = text(colleague, "h1")
capture(colleague, "institution")
follow(colleague, "[data-edit]")
seen["edit_labelled"] = labelled(colleague)
capture(colleague, "institution-edit")

# A draw: plan, preview, commit, execute, and the result once the job has drawn it.
go(colleague, "/w/draws")
seen["draws_labelled"] = labelled(colleague)
capture(colleague, "draws")
fill(colleague, [("name", "十二月双随机抽查"), ("sample", "1"), ("inspectors_per_target", "1"), ("scheduled_on", "2026-12-20")], "form[data-plan-form]")
seen["preview"] = {key: text(colleague, "[data-%s]" % key) for key in ["eligible-targets", "eligible-inspectors", "sample"]}
capture(colleague, "draw-preview")
fill(colleague, [], "form[data-commit]")
seen["committed_state"] = text(colleague, "[data-facts] dd")
capture(colleague, "draw-committed")
fill(colleague, [("public_entropy", "2026-12-01 开奖号码 123")], "form[data-execute]")
for _ in range(120):
    if evaluate(colleague, "document.querySelector('[data-drawn]') !== null"):
        break
    time.sleep(0.5)
    go(colleague, evaluate(colleague, "location.pathname"))
seen["drawn_rows"] = evaluate(colleague, "document.querySelectorAll('[data-drawn] tbody tr').length")
capture(colleague, "draw-drawn")

# The submitted inspection: reviewed, then published.
go(colleague, "/w/queue/inspections-to-review")
capture(colleague, "queue")
follow(colleague, "[data-queue-items] tbody a")
capture(colleague, "inspection")
fill(colleague, [], "form[data-review]")
seen["reviewed_state"] = text(colleague, "[data-facts] dd")
fill(colleague, [], "form[data-publish]")
seen["published_state"] = text(colleague, "[data-facts] dd")
capture(colleague, "inspection-published")

# The rectification waiting for verification.
go(colleague, "/w/queue/rectifications-to-verify")
follow(colleague, "[data-queue-items] tbody a")
capture(colleague, "hazard")
fill(colleague, [], "form[data-verify]")
seen["hazard_state"] = text(colleague, "[data-facts] dd")
go(colleague, "/w")
seen["todo_after"] = evaluate(colleague, "Object.fromEntries([...document.querySelectorAll('[data-todo] li')].map(li => [li.dataset.queue, +li.querySelector('[data-count]').textContent]))")
go(colleague, "/dashboard")
seen["dashboard_links"] = evaluate(colleague, "document.querySelectorAll('main a[href^=\"/w/\"]').length")
capture(colleague, "dashboard")
browser.close()
print(json.dumps(seen, ensure_ascii=False))
