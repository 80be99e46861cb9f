"""A TCP server on 127.0.0.1 that is not a database, for tests that prove what a URL reaches."""

import socket
import threading


class Listener:
    """Answers each connection with `reply` and hangs up (b"": hangs up at once; None: says nothing
    and lets the client time out); counts the connections it receives."""

    def __init__(self, reply: bytes | None = b""):
        self.reply, self.connections = reply, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            if self.reply is not None:
                conn.sendall(self.reply)
                conn.close()
            else:
                threading.Timer(30, conn.close).start()

    def close(self):
        self.sock.close()
