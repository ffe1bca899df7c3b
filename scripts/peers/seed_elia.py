"""Seeds elia (elia-chat) with the history of an Airlock export.

Run with the python of elia's virtualenv, with XDG_DATA_HOME pointing at a throwaway
folder: elia's own code creates its database (`$XDG_DATA_HOME/elia/elia.sqlite`, tables
`chat` and `message`), then the rows are written in one transaction.

    python seed_elia.py EXPORT_DIR
"""

import asyncio
import json
import sqlite3
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, __file__.rsplit("/", 1)[0])
import history  # noqa: E402

from elia_chat.database import models  # noqa: E402,F401  (registers the tables)
from elia_chat.database.database import create_database, sqlite_file_name  # noqa: E402

# elia's default model's lookup key (elia_chat.config: EliaChatModel id "elia-gpt-4o").
MODEL = "elia-gpt-4o"
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime in SQLite


def main() -> None:
    conversations = history.load(sys.argv[1])
    asyncio.run(create_database())
    db = sqlite3.connect(sqlite_file_name)
    with db:
        for conversation in conversations:
            chat_id = db.execute(
                "INSERT INTO chat (model, title, started_at, archived) VALUES (?, ?, ?, 0)",
                (MODEL, conversation.title, conversation.created.strftime(STAMP)),
            ).lastrowid
            db.executemany(
                "INSERT INTO message (chat_id, role, content, timestamp, meta, parent_id, model) VALUES (?, ?, ?, ?, ?, NULL, ?)",
                [(chat_id, m.role, m.content, m.created.strftime(STAMP), json.dumps({}), MODEL) for m in conversation.messages],
            )
    chats, messages = db.execute("SELECT (SELECT count(*) FROM chat), (SELECT count(*) FROM message)").fetchone()
    print(f"elia: {chats} chats, {messages} messages in {sqlite_file_name}")


if __name__ == "__main__":
    main()
