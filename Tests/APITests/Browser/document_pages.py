"""What the drivers of the printed documents (notice_print.py, penalty_print.py) share:
tabs of their own browser context with a session cookie, navigation, screenshots at a
size with an overflow check, print to PDF on A4, and reading and clicking through the
DOM, so that all of it also works with the page's script disabled."""
import base64
import html
import re

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


class DocumentPages:
    def __init__(self, browser, base, prefix):
        self.browser, self.base, self.prefix = browser, base, prefix
        self.call = browser.call
        self.overflow = {}

    def tab(self, cookie=None):
        """A tab of its own browser context, with the `NAME=VALUE` session cookie if given."""
        context = self.call("Target.createBrowserContext")["browserContextId"]
        target = self.call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=session)
        self.call("Network.enable", session=session)
        if cookie:
            name, value = cookie.split("=", 1)
            self.call("Network.setCookie", {"name": name, "value": value, "url": self.base}, session)
        return session

    def go(self, session, path):
        self.call("Page.navigate", {"url": self.base + path}, session, "Page.loadEventFired")

    def shot(self, session, name, metrics, script=True):
        """PREFIX-NAME.png of the whole page at `metrics`; with script, whether it overflows sideways."""
        self.call("Emulation.setDeviceMetricsOverride", metrics, session)
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)["data"]
        with open("%s-%s.png" % (self.prefix, name), "wb") as file:
            file.write(base64.b64decode(data))
        if script:
            self.overflow[name] = self.browser.evaluate(session, "document.documentElement.scrollWidth > window.innerWidth")

    def pdf(self, session, name):
        """PREFIX-NAME.pdf, printed on A4; its size in bytes (0 if it is not a PDF)."""
        params = {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}
        data = base64.b64decode(self.call("Page.printToPDF", params, session)["data"])
        with open("%s-%s.pdf" % (self.prefix, name), "wb") as file:
            file.write(data)
        return len(data) if data.startswith(b"%PDF") else 0

    def node(self, session, selector):
        root = self.call("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
        return self.call("DOM.querySelector", {"nodeId": root, "selector": selector}, session)["nodeId"]

    def text(self, session, selector):
        """An element's text, or None when there is none."""
        found = self.node(session, selector)
        if not found:
            return None
        outer = self.call("DOM.getOuterHTML", {"nodeId": found}, session)["outerHTML"]
        return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", outer))).strip()

    def type_into(self, session, selector, text):
        self.call("DOM.focus", {"nodeId": self.node(session, selector)}, session)
        self.call("Input.insertText", {"text": text}, session)

    def click(self, session, selector):
        """A click on the element's centre, waiting for the page it loads."""
        found = self.node(session, selector)
        if not found:
            raise SystemExit("no element %s" % selector)
        self.call("DOM.scrollIntoViewIfNeeded", {"nodeId": found}, session)
        quad = self.call("DOM.getContentQuads", {"nodeId": found}, session)["quads"][0]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        self.call("Input.dispatchMouseEvent", {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1}, session)
        self.call("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": x, "y": y, "button": "left", "clickCount": 1}, session,
                  "Page.loadEventFired")

    def path(self, session):
        """The current address's path, without query or fragment."""
        history = self.call("Page.getNavigationHistory", session=session)
        return history["entries"][history["currentIndex"]]["url"].split(self.base, 1)[-1].split("?")[0].split("#")[0]
