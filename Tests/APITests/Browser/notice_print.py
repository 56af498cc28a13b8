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
import json
import sys

from devtools import Chromium
from document_pages import DESKTOP, PHONE, DocumentPages

chromium, base, prefix, regulator_cookie, institution_cookie, notice_id, institution_id = sys.argv[1:8]
browser = Chromium(chromium, ["--window-size=1280,900", "--lang=zh-CN"], timeout=120)
pages = DocumentPages(browser, base, prefix)
tab, go, shot, pdf, text, click, path = pages.tab, pages.go, pages.shot, pages.pdf, pages.text, pages.click, pages.path
evaluate = browser.evaluate
seen = {}

regulator = tab(regulator_cookie)
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

institution = tab(institution_cookie)
browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, institution)
browser.call("Emulation.setDeviceMetricsOverride", PHONE, institution)
go(institution, "/i")
seen["listed_on_home"] = text(institution, '[data-rectification-notices] a[href="/i/notices/%s"]' % notice_id)
shot(institution, "i-home-phone", PHONE, script=False)
go(institution, "/i/notices/" + notice_id)
seen["form_before"] = text(institution, "form[data-acknowledge]") is not None
shot(institution, "i-notice-phone", PHONE, script=False)
pages.type_into(institution, "#receiver", "李红")
click(institution, "form[data-acknowledge] button[type=submit]")
seen["institution_path"] = path(institution)
seen["form_after"] = text(institution, "form[data-acknowledge]") is not None
seen["service"] = text(institution, "[data-service]")
seen["order_after"] = text(institution, "[data-order]")
shot(institution, "i-notice-served-phone", PHONE, script=False)
seen["served_pdf_bytes"] = pdf(institution, "served")
browser.close()
seen["overflow"] = pages.overflow
print(json.dumps(seen, ensure_ascii=False))
