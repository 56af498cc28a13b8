#!/usr/bin/env python3
"""Runs the axe-core accessibility engine over pages in headless Chromium, over the
DevTools protocol (`devtools.py`).

    axe_check.py CHROMIUM URL [URL ...] [--cookie NAME=VALUE]... [--axe PATH] [--details]

For each URL: loads the page in one tab (with every --cookie set for the URL's origin
first, e.g. `--cookie ovs_session=SECRET` for a signed-in page), injects axe.min.js
through Runtime.evaluate, runs `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})`
and awaits it. Prints one JSON object, {URL: [{id, impact, help, nodes: [CSS selector,
...]}, ...]}, the violations of each page; a page that could not be checked has one
entry of id "axe-check-error" saying why, so a test that wants no violations fails on
it too. Exits 0 either way: the Swift test asserts on the JSON.

axe.min.js is the package data of PyPI's axe-playwright-python (only the file is used,
not Playwright; scripts/lib.sh's test_venv installs it with --no-deps), found through
importlib.resources; --axe PATH names another copy. On stderr: a page whose final
address is not the one asked for (a sign-in redirect, say), and with --details each
violating node's HTML and axe's failure summary.

The pages send `Content-Security-Policy: default-src 'self'`. A script evaluated over
DevTools is not subject to the page's CSP, and axe-core needs no eval, inline script or
outside fetch, so the policy stays on: the pages are checked as people get them.
"""
import argparse
import importlib.resources
import json
import sys
import urllib.parse

from devtools import Chromium

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("chromium")
parser.add_argument("urls", nargs="+", metavar="URL")
parser.add_argument("--cookie", action="append", default=[], metavar="NAME=VALUE")
parser.add_argument("--axe", metavar="PATH", help="axe.min.js (default: axe-playwright-python's)")
parser.add_argument("--details", action="store_true", help="each violating node's HTML and summary, on stderr")
options = parser.parse_args()


def axe_source():
    if options.axe:
        with open(options.axe, encoding="utf-8") as file:
            return file.read()
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


RUN = """axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']}).then(results => results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' ') : t).join(' ')),
    details: v.nodes.map(n => ({html: n.html, summary: n.failureSummary}))
})))"""


def evaluate(browser, session, expression, await_promise=False):
    """The value of `expression`, or raises RuntimeError with the page's exception."""
    result = browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": await_promise}, session)
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        raise RuntimeError((details.get("exception") or {}).get("description") or details.get("text", "exception"))
    return result["result"].get("value")


def failure(why):
    return [{"id": "axe-check-error", "impact": "critical", "help": why, "nodes": []}]


source = axe_source()
browser = Chromium(options.chromium, ["--window-size=1280,1200"], timeout=60 + 30 * len(options.urls))
session = browser.open_page()
cookies = [pair.split("=", 1) for pair in options.cookie]
seen = {}
for url in options.urls:
    parts = urllib.parse.urlsplit(url)
    origin = "%s://%s/" % (parts.scheme, parts.netloc)
    try:
        for name, value in cookies:
            if not browser.call("Network.setCookie", {"name": name, "value": value, "url": origin, "path": "/",
                                                      "httpOnly": True, "sameSite": "Strict"}, session).get("success", True):
                raise RuntimeError("Chromium refused the cookie " + name)
        browser.call("Page.navigate", {"url": url}, session, "Page.loadEventFired")
        landed = evaluate(browser, session, "location.href")
        if landed != url:
            print("%s: landed on %s" % (url, landed), file=sys.stderr)
        evaluate(browser, session, source + "\n;typeof axe.run")
        violations = evaluate(browser, session, RUN, await_promise=True)
    except RuntimeError as error:
        seen[url] = failure(str(error))
        continue
    for violation in violations:
        details = violation.pop("details")
        if options.details:
            print("%s %s (%s): %s" % (url, violation["id"], violation["impact"], violation["help"]), file=sys.stderr)
            for target, node in zip(violation["nodes"], details):
                print("  %s\n    %s\n    %s" % (target, node["html"], (node["summary"] or "").replace("\n", "\n    ")), file=sys.stderr)
    seen[url] = violations
browser.close()
print(json.dumps(seen, ensure_ascii=False))
