"""Plays kate's phone: reads the number each login shows on the controller (in the play's
output) and answers the push through the sandbox hook - first with that number (approve), then
with another one (Okta refuses the push). Later pushes are left unanswered."""

import json
import re
import sys
import time
import urllib.request

log_path, hook_url = sys.argv[1], sys.argv[2]
SHOWN = re.compile(r"In Okta Verify on kate's phone, tap the number (\d+)")
answers = [lambda number: number, lambda number: number + 1]
deadline = time.monotonic() + 120
while answers and time.monotonic() < deadline:
    try:
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            shown = [int(n) for n in SHOWN.findall(handle.read())]
    except FileNotFoundError:
        shown = []
    if len(shown) > 2 - len(answers):
        number = shown[2 - len(answers)]
        tapped = answers.pop(0)(number)
        body = json.dumps({"username": "kate", "answer": "approve", "number": tapped}).encode()
        request = urllib.request.Request(hook_url, data=body, method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            print("shown %d, tapped %d: HTTP %d" % (number, tapped, response.status))
    time.sleep(0.2)
sys.exit(1 if answers else 0)
