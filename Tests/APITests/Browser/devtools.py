"""Headless Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe:
commands on fd 3, replies on fd 4, each a JSON text ended by NUL), with the standard
library only. Shared by the browser drivers of the Swift tests."""
import fcntl
import json
import os
import select
import subprocess
import time


class Chromium:
    def __init__(self, chromium, arguments, timeout):
        # Our ends above 10 and close-on-exec; the child gets its ends as fds 3 and 4.
        commands_read, self.commands_write = os.pipe()
        self.replies_read, replies_write = os.pipe()
        child_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)

        def give_fds():
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        self.browser = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-pipe",
             "--no-first-run", *arguments, "about:blank"],
            preexec_fn=give_fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (commands_read, replies_write, child_read, child_write):
            os.close(fd)
        self.buffer = b""
        self.next_id = 0
        self.deadline = time.time() + timeout

    def receive(self):
        while b"\0" not in self.buffer:
            remaining = self.deadline - time.time()
            if remaining <= 0 or not select.select([self.replies_read], [], [], remaining)[0]:
                self.browser.kill()
                raise SystemExit("timed out waiting for Chromium")
            chunk = os.read(self.replies_read, 65536)
            if not chunk:
                raise SystemExit("Chromium closed the pipe")
            self.buffer += chunk
        text, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(text)

    def call(self, method, params=None, session=None, wait_for=None):
        """Sends a command; returns its result, after the event `wait_for` if given."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.commands_write, json.dumps(message).encode() + b"\0")
        result, waited = None, wait_for is None
        while result is None or not waited:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise SystemExit(f"{method}: {reply['error']}")
                result = reply["result"]
            elif wait_for and reply.get("method") == wait_for and reply.get("sessionId") == session:
                waited = True
        return result

    def evaluate(self, session, expression, wait_for=None):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session, wait_for)
        return result["result"].get("value")

    def open_page(self):
        """A new tab, attached; returns its session id."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=session)
        return session

    def close(self):
        try:
            self.call("Browser.close")
        except SystemExit:
            pass
        self.browser.wait(timeout=20)
