"""What every command shares: the Context (paths, settings, streams), the exit codes and
the ways of telling the agent something.

Loaded by every command, `--version` included, so it stays light: the catalogue, the key
store and the database are imported when first used, never at the top."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from omidesk.domain import messages as txt
from omidesk.domain.i18n import Text
from omidesk.domain.settings import LoadedSettings, Problem
from omidesk.infra import settings_file
from omidesk.infra.paths import Paths, default_paths

if TYPE_CHECKING:
    from omidesk.domain.catalogue import Coded
    from omidesk.domain.errors import StorageError
    from omidesk.infra.keystore import KeyStore
    from omidesk.store.db import Database

# Exit codes (README, `omidesk --help`).
EXIT_OK = 0
# `contacts import` of a file damaged part way: what could be read was imported.
EXIT_DAMAGED = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_UNKNOWN = 4
EXIT_NOT_CONFIGURED = 5
EXIT_REFUSED = 6
EXIT_BUG = 1
EXIT_INTERRUPTED = 130  # Ctrl+C before the request left: no call was placed

# How the CLI opens the window without importing it: the front end that called main()
# (launch.py) passes this in. Given the arguments and what the window should do first.
WindowStart = Callable[[Sequence[str], dict[str, Any] | None], int]


@dataclass
class Context:
    """What every command needs: where files are, the settings, and the language."""

    paths: Paths
    loaded: LoadedSettings
    out: TextIO
    err: TextIO
    # Opens the window, which first does what it is given (a clipboard dial), or nothing.
    window: Callable[[dict[str, Any] | None], int]

    @property
    def lang(self) -> str:
        return self.loaded.settings.language

    def say(self, text: Text, /, **params: Any) -> None:
        print(text(self.lang, **params), file=self.out)

    def warn(self, message: str) -> None:
        print(txt.WARNING(self.lang, text=message), file=self.err)

    def problem(self, problem: Problem) -> None:
        """A settings or key-file problem, in the catalogue's words, as a warning."""
        from omidesk.domain.catalogue import explain  # noqa: PLC0415 - see the docstring

        said = explain(problem, self.lang)
        self.warn(f"{said.message} {said.next_step}")

    def fail(self, what: Coded | str, /, *, next_step: bool = True, **params: Any) -> None:
        """Why the command failed, in the catalogue's words: "✗ message" and, below it,
        what to do. `what` is the error (it carries its details), or a code and `params`."""
        from omidesk.domain.catalogue import explain  # noqa: PLC0415 - see the docstring

        if isinstance(what, str):
            said = explain(what, self.lang, **params)
        else:
            said = explain(what, self.lang)
        print(f"✗ {said.message}", file=self.err)
        if next_step:
            print(f"  {said.next_step}", file=self.err)

    def keystore(self) -> KeyStore:
        from omidesk.infra.keystore import KeyStore  # noqa: PLC0415 - see the docstring

        return KeyStore(self.paths.secret_file, on_notice=self.problem)

    def database(self) -> Database:
        """The command's connection, its first: a damaged file is moved aside, and a new
        one started so that the agent can keep calling; a warning says where it went."""
        from omidesk.store.db import Database  # noqa: PLC0415 - see the docstring

        db = Database(self.paths.database, move_damaged_aside=True)
        if db.moved_aside is not None:
            self.problem(Problem(db.moved_aside.code, {"path": db.moved_aside.path}))
        return db

    def contacts_database(self) -> Database:
        """The database for a contacts command: as the window does at start, an import a
        crash left half written is undone first, before the contacts are read or written."""
        from omidesk.store.import_journal import Journal  # noqa: PLC0415 - see the docstring
        from omidesk.usecases import recover  # noqa: PLC0415

        db = self.database()
        try:
            recover.undo_imports(Journal(db))
        except BaseException:
            db.close()
            raise
        return db

    def store_failure(self, error: StorageError) -> int:
        """A database that cannot be used: why, and what to do."""
        self.fail(error)
        return EXIT_UNKNOWN


def load_context(
    out: TextIO,
    err: TextIO,
    window: Callable[[dict[str, Any] | None], int],
    *,
    demo: bool = False,
) -> Context:
    paths = default_paths()
    if demo:
        paths = paths.demo()
    loaded = settings_file.load(paths.settings_file)
    return Context(paths=paths, loaded=loaded, out=out, err=err, window=window)


def report_settings(ctx: Context, *, server: bool) -> None:
    """What is wrong with the settings, once, on stderr (after the arguments were read, so
    --version and --help stay quiet). A command that talks to OMICall (`server`) reports
    a problem that blocks it as its own failure instead of warning first."""
    loaded = ctx.loaded
    if loaded.broken:
        params = {"path": ctx.paths.settings_file, "detail": loaded.broken}
        ctx.problem(Problem("settings_broken", params))
    for notice in loaded.notices:
        ctx.problem(notice)
    blocked = loaded.blocked
    if blocked is not None and not server:
        ctx.problem(blocked)
    for error in loaded.errors:
        if error.key == "base_url" and blocked is not None and blocked.code == "base_url_invalid":
            continue  # said above, with where it came from, or by the command itself
        ctx.warn(error.text(ctx.lang))
