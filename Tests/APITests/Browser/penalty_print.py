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
import json
import sys

from devtools import Chromium
from document_pages import DESKTOP, PHONE, DocumentPages

chromium, base, prefix, regulator_cookie, institution_cookie, decided_id, notified_id, slug = sys.argv[1:9]
browser = Chromium(chromium, ["--window-size=1280,900", "--lang=zh-CN"], timeout=120)
pages = DocumentPages(browser, base, prefix)
tab, go, shot, text, click, node = pages.tab, pages.go, pages.shot, pages.text, pages.click, pages.node
evaluate = browser.evaluate
seen = {}

regulator = tab(regulator_cookie)
go(regulator, "/w/penalties/" + decided_id)
seen["number"] = text(regulator, "[data-number]")
seen["penalties"] = evaluate(regulator, "document.querySelectorAll('[data-penalties] li').length")
seen["sha256"] = text(regulator, "[data-sha256]")
seen["publication"] = text(regulator, "[data-publication]")
shot(regulator, "w-penalty-phone", PHONE)
shot(regulator, "w-penalty-desktop", DESKTOP)
seen["pdf_bytes"] = pages.pdf(regulator, "decision")

institution = tab(institution_cookie)
browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, institution)
browser.call("Emulation.setDeviceMetricsOverride", PHONE, institution)
go(institution, "/i")
seen["listed_on_home"] = text(institution, '[data-penalty-decisions] a[href="/i/penalties/%s"]' % notified_id)
go(institution, "/i/penalties/" + notified_id)
seen["prior"] = text(institution, "[data-prior]")
seen["form_before"] = node(institution, "form[data-answer]") != 0
shot(institution, "i-penalty-phone", PHONE, script=False)
pages.type_into(institution, "#text", "安全出口已于检查当日开锁，请求从轻处罚。")
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
seen["overflow"] = pages.overflow
print(json.dumps(seen, ensure_ascii=False))
