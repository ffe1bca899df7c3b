"""Reads the chat history that `airlock export` wrote, for the peer seeders.

The peers get exactly Airlock's seeded history: the same titles, messages and timestamps,
so every tool shows the same text. An export folder holds `sessions/<id>.jsonl`: a first
line `{"type": "session", "title", "created_at", "updated_at"}` (milliseconds since
1970), then one line per message `{"type": "message", "seq", "role", "content",
"created_at"}`.
"""

import datetime
import json
import pathlib
from dataclasses import dataclass

# The title `airlock dev seed --long-session N` gives its long session.
LONG_TITLE = "Long conversation"


@dataclass
class Message:
    role: str
    content: str
    created: datetime.datetime  # UTC, naive (as the peers store it)


@dataclass
class Conversation:
    id: str
    title: str
    created: datetime.datetime
    messages: list[Message]


def _time(milliseconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(milliseconds / 1000, datetime.timezone.utc).replace(tzinfo=None)


def load(export_dir: str) -> list[Conversation]:
    """Every session of the export, oldest first (by creation time, then id)."""
    conversations = []
    for path in sorted(pathlib.Path(export_dir, "sessions").glob("*.jsonl")):
        header, messages = None, []
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if row["type"] == "session":
                    header = row
                elif row["type"] == "message":
                    messages.append((row["seq"], Message(row["role"], row["content"], _time(row["created_at"]))))
        if header is None:
            raise SystemExit(f"{path.name}: no session line")
        messages.sort(key=lambda pair: pair[0])
        conversations.append(Conversation(path.stem, header["title"], _time(header["created_at"]),
                                          [message for _, message in messages]))
    conversations.sort(key=lambda c: (c.created, c.id))
    return conversations
