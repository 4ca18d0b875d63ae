"""
An independent reading of mail headers for the corpus test (test/node/corpus-oracle.test.ts):
Python's standard `email` package with policy.default (RFC 5322/2047/2231/6532 aware).
Reads a JSON list of {"path", "kind": "message"|"mbox"} on stdin; writes, for each path, the
From/To/Cc/Bcc mailboxes, the decoded Subject, the Date as epoch milliseconds and the
Message-ID of every message in it. A header Python cannot read is reported as {"error": ...}.
"""
import email
import email.policy
import json
import mailbox
import sys
from email.parser import BytesParser

PARSER = BytesParser(policy=email.policy.default)


def addresses(msg, name):
    out = []
    try:
        for header in msg.get_all(name) or []:
            for addr in header.addresses:
                out.append([addr.addr_spec, addr.display_name])
    except Exception as exc:  # noqa: BLE001 - any failure is a finding
        return {"error": f"{type(exc).__name__}: {exc}"}
    return out


def text(msg, name):
    try:
        value = msg[name]
        return None if value is None else str(value)
    except Exception as exc:  # noqa: BLE001
        return {"error": f"{type(exc).__name__}: {exc}"}


def date(msg):
    try:
        value = msg["date"]
        if value is None or value.datetime is None:
            return None
        moment = value.datetime
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=__import__("datetime").timezone.utc)
        return int(moment.timestamp() * 1000)
    except Exception as exc:  # noqa: BLE001
        return {"error": f"{type(exc).__name__}: {exc}"}


def describe(msg):
    return {
        "from": addresses(msg, "from"),
        "to": addresses(msg, "to"),
        "cc": addresses(msg, "cc"),
        "bcc": addresses(msg, "bcc"),
        "subject": text(msg, "subject"),
        "date": date(msg),
        "messageId": text(msg, "message-id"),
    }


def main():
    jobs = json.load(sys.stdin)
    result = {}
    for job in jobs:
        path = job["path"]
        if job["kind"] == "mbox":
            box = mailbox.mbox(path, factory=lambda f: PARSER.parse(f), create=False)
            result[path] = [describe(m) for m in box]
        else:
            with open(path, "rb") as f:
                result[path] = [describe(PARSER.parse(f))]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
