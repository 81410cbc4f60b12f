"""A real SMTP server for the tests (aiosmtpd): every message it receives is
written to DIR as N.eml. Prints its port on stdout, then serves until killed.

    python3 tests/smtp_sink.py DIR
"""
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:05d}.eml")
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.content)
        os.rename(tmp, path)
        return "250 Message accepted for delivery"


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    # aiosmtpd cannot listen on port 0: take a free port from the kernel first.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
