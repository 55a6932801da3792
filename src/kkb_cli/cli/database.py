"""Commands that look after the database file: init, info, backup, check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kkb_cli import __version__
from kkb_cli.cli.app import JsonFlag, Settings, app, repository, say, utf8_stdout
from kkb_cli.errors import RefusedError
from kkb_cli.messages import text

# -- kkb info / kkb init ---------------------------------------------------------------------


@app.command(help=text("help.info"))
def info(
    ctx: typer.Context,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.render.fields import info_dict

    settings: Settings = ctx.obj
    with repository(ctx) as repo:
        facts = info_dict(
            path=str(settings.db_path.resolve()),
            schema_version=repo.schema_version(),
            journal_mode=repo.journal_mode(),
            scope=repo.scope(),
            counts=repo.counts(),
        )
    if json_:
        from kkb_cli.render.jsonout import write_object

        with utf8_stdout() as out:
            write_object(facts, out)
        return
    from kkb_cli.render.tables import console, print_pairs

    counts, scope = facts["counts"], facts["scope"]
    print_pairs(
        [
            (text("info.path"), facts["path"]),
            (text("info.version"), str(facts["schema_version"])),
            (text("info.journal"), facts["journal_mode"]),
            (text("info.scope"), f"{scope['name']} ({scope['code']})"),
            (text("info.regions"), text("info.regions_value", **counts)),
            (text("info.records"), text("info.records_value", **counts)),
            (text("info.targets"), str(counts["targets"])),
            (text("info.history"), str(counts["history"])),
            (text("info.kkb"), __version__),
        ],
        console(),
    )


@app.command(help=text("help.init"))
def init(
    ctx: typer.Context,
    records: Annotated[
        bool, typer.Option("--records/--no-records", help=text("help.init.records"))
    ] = True,
) -> None:
    from kkb_cli.domain.regions import noun_of
    from kkb_cli.storage.database import Mode

    settings: Settings = ctx.obj
    with repository(ctx, Mode.CREATE, with_records=records) as repo:
        villages = repo.villages(repo.scope())
        counts = repo.counts()
    say(
        text(
            "done.init",
            path=settings.db_path,
            villages=len(villages),
            noun=noun_of(villages),
            formed=counts["formed"],
            planned=counts["planned"],
        )
    )


# -- kkb backup / kkb check ------------------------------------------------------------------


@app.command(help=text("help.backup"))
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help=text("help.backup.file"), show_default=False),
    ],
    force: Annotated[bool, typer.Option("--force", help=text("help.backup.force"))] = False,
) -> None:
    settings: Settings = ctx.obj
    with repository(ctx, must_exist=True) as repo:
        # Checked once the session has the file open (a new one exists only from now on).
        if file.exists() and file.samefile(settings.db_path):
            raise RefusedError("error.backup_is_database", path=file)
        repo.backup(file, force=force)
        counts = repo.counts()
    say(
        text(
            "done.backup",
            path=settings.db_path,
            backup=file,
            records=counts["formed"] + counts["planned"],
            history=counts["history"],
        )
    )


@app.command(help=text("help.check"))
def check(
    ctx: typer.Context,
    recount: Annotated[bool, typer.Option("--recount", help=text("help.check.recount"))] = False,
    seal: Annotated[
        str | None, typer.Option("--seal", metavar="HASH", help=text("help.check.seal"))
    ] = None,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.regions import Level
    from kkb_cli.storage.database import Mode

    sealed = _seal_hash(seal) if seal is not None else None
    settings: Settings = ctx.obj
    with repository(ctx, Mode.WRITE if recount else Mode.CHECK, must_exist=True) as repo:
        if recount:
            repo.recount()
        problems = repo.problems(sealed)
        counts = repo.counts() if not problems else {}
        sealed_entries = repo.sealed_entries(sealed) if sealed and not problems else None
    messages = [text(p.key, **p.params) for p in problems]
    if json_:
        from kkb_cli.render.jsonout import write_object

        with utf8_stdout() as out:
            write_object(
                {
                    "path": str(settings.db_path.resolve()),
                    "ok": not problems,
                    "problems": [
                        {"check": p.key.removeprefix("check."), "message": m}
                        for p, m in zip(problems, messages, strict=True)
                    ],
                },
                out,
            )
    elif not problems:
        say(
            text(
                "done.check",
                path=settings.db_path,
                records=counts["formed"] + counts["planned"],
                history=counts["history"],
                regions=sum(counts[level.value] for level in Level),
            )
        )
        if sealed is not None and sealed_entries is not None:
            say(text("done.check_seal", seal=sealed, entries=sealed_entries))
    if problems:
        raise RefusedError(
            "error.check_failed",
            count=len(problems),
            path=settings.db_path,
            details=tuple(messages) if not json_ else (),
        )


def _seal_hash(given: str) -> str:
    """A seal as typed or pasted: 64 hexadecimal digits, in any case, spaces ignored."""
    from kkb_cli.errors import UsageError

    cleaned = "".join(given.split()).lower()
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise UsageError("error.seal_malformed", seal=given)
    return cleaned


@app.command(help=text("help.upgrade"))
def upgrade(ctx: typer.Context) -> None:
    from kkb_cli.storage.database import Mode
    from kkb_cli.storage.migrations import SCHEMA_VERSION

    settings: Settings = ctx.obj
    upgraded = []
    with repository(
        ctx, Mode.WRITE, must_exist=True, on_upgraded=lambda *args: upgraded.append(args)
    ):
        pass
    if not upgraded:
        say(text("done.upgrade_current", path=settings.db_path, version=SCHEMA_VERSION))
