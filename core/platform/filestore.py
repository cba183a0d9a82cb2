"""A content-addressed store for the files kept with cases, outside the database.

A file is named by the SHA-256 of its bytes (``<root>/ab/abcdef…``): never by anything a client
sent, so no name can reach outside the directory or overwrite another file, and the same bytes
are kept once. A file is written to a temporary name in the store and renamed into place, so a
reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

DIGEST = re.compile(r"^[0-9a-f]{64}$")


class FileStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        if not DIGEST.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        """Keep these bytes; answer their SHA-256 (the name they are kept under)."""
        sha256 = hashlib.sha256(content).hexdigest()
        target = self.path_of(sha256)
        if target.is_file() and target.stat().st_size == len(content):
            return sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o640)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256

    def read(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()
