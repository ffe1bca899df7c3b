"""Seeds oterm with the history of an Airlock export.

Run with the python of oterm's virtualenv, with OTERM_DATA_DIR pointing at a throwaway
folder: oterm's own Store creates `store.db` (tables `chat` and `message`, its version in
`PRAGMA user_version`), then the rows are written in one transaction. The long
conversation is inserted last, so it is the last tab (oterm opens the first tab at start).
The splash screen is turned off in oterm's config.json so that start-up is not a fixed
animation.

    python seed_oterm.py EXPORT_DIR
"""

import asyncio
import sqlite3
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, __file__.rsplit("/", 1)[0])
import history  # noqa: E402

from oterm.config import appConfig  # noqa: E402
from oterm.store.store import Store  # noqa: E402

MODEL = "llama3.2"  # never contacted: nothing is sent during the measurements


def main() -> None:
    conversations = history.load(sys.argv[1])
    conversations.sort(key=lambda c: c.title == history.LONG_TITLE)  # stable: long one last
    appConfig.set("splash-screen", False)
    store = asyncio.run(Store.get_store())
    db = sqlite3.connect(store.db_path)
    with db:
        for conversation in conversations:
            chat_id = db.execute(
                "INSERT INTO chat (name, model, system, provider, parameters, tools, thinking) VALUES (?, ?, NULL, 'ollama', '{}', '[]', 0)",
                (conversation.title, MODEL),
            ).lastrowid
            db.executemany(
                "INSERT INTO message (chat_id, author, text, images) VALUES (?, ?, ?, '[]')",
                [(chat_id, m.role, m.content) for m in conversation.messages],
            )
    chats, messages = db.execute("SELECT (SELECT count(*) FROM chat), (SELECT count(*) FROM message)").fetchone()
    print(f"oterm: {chats} chats, {messages} messages in {store.db_path}")


if __name__ == "__main__":
    main()
