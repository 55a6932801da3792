"""Commands that look after the database file: info, init, backup, check, upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kkb_cli import __version__
from kkb_cli.cli.app import Output, office, output_options, say
from kkb_cli.cli.group import CommandsApp
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import grouped, text

commands = CommandsApp()


@commands.command(help="help.info")
@output_options
def info(ctx: typer.Context, *, output: Output) -> None:
    from kkb_cli.render.fields import info_dict

    found = office(ctx).info()
    facts = info_dict(
        path=str(found.path),
        schema_version=found.schema_version,
        journal_mode=found.journal_mode,
        scope=found.scope,
        counts=found.counts,
    )
    if output.json:
        output.object(facts)
        return
    from kkb_cli.render.tables import console, print_pairs

    scope = facts["scope"]
    counts = {k: grouped(v) if isinstance(v, int) else v for k, v in facts["counts"].items()}
    print_pairs(
        [
            (text("info.path"), facts["path"]),
            (text("info.version"), str(facts["schema_version"])),
            (text("info.journal"), facts["journal_mode"]),
            (text("info.scope"), f"{scope['name']} ({scope['code']})"),
            (text("info.regions"), text("info.regions_value", **counts)),
            (text("info.records"), text("info.records_value", **counts)),
            (text("info.targets"), counts["targets"]),
            (text("info.history"), counts["history"]),
            (text("info.kkb"), __version__),
        ],
        console(),
    )


@commands.command(help="help.init")
def init(
    ctx: typer.Context,
    records: Annotated[
        bool, typer.Option("--records/--no-records", help="help.init.records")
    ] = True,
) -> None:
    made = office(ctx).create(with_records=records)
    say(
        text(
            "done.init",
            path=made.path,
            villages=made.villages,
            noun=made.noun,
            formed=made.counts["formed"],
            planned=made.counts["planned"],
        )
    )


@commands.command(help="help.backup")
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="help.backup.file", show_default=False),
    ],
    force: Annotated[bool, typer.Option("--force", help="help.backup.force")] = False,
) -> None:
    kkb = office(ctx)
    counts = kkb.backup(file, force=force)
    say(
        text(
            "done.backup",
            path=kkb.path,
            backup=file,
            records=counts["formed"] + counts["planned"],
            history=counts["history"],
        )
    )


@commands.command(help="help.check")
@output_options
def check(
    ctx: typer.Context,
    recount: Annotated[bool, typer.Option("--recount", help="help.check.recount")] = False,
    seal: Annotated[
        str | None, typer.Option("--seal", metavar="HASH", help="help.check.seal")
    ] = None,
    *,
    output: Output,
) -> None:
    kkb = office(ctx)
    result = kkb.check(recount=recount, seal=_seal_hash(seal) if seal is not None else None)
    messages = [text(p.key, **p.params) for p in result.problems]
    if output.json:
        output.object(
            {
                "path": str(kkb.path.resolve()),
                "ok": not result.problems,
                "problems": [
                    {"check": p.key.removeprefix("check."), "message": m}
                    for p, m in zip(result.problems, messages, strict=True)
                ],
            }
        )
    elif not result.problems:
        say(
            text(
                "done.check",
                path=kkb.path,
                records=grouped(result.records),
                history=grouped(result.counts["history"]),
                regions=grouped(result.regions),
            )
        )
        if seal is not None and result.sealed_entries is not None:
            say(text("done.check_seal", seal=_seal_hash(seal), entries=result.sealed_entries))
    if [p.key for p in result.problems] == ["check.upgrade_due"]:
        # Nothing wrong, only older: say what to do, not to restore a backup.
        raise RefusedError("error.check_upgrade_due", path=kkb.path, **result.problems[0].params)
    if result.problems:
        raise RefusedError(
            "error.check_failed",
            count=len(result.problems),
            path=kkb.path,
            details=tuple(messages) if not output.json else (),
        )


def _seal_hash(given: str) -> str:
    """A seal as typed or pasted: 64 hexadecimal digits, in any case, spaces ignored."""
    cleaned = "".join(given.split()).lower()
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise UsageError("error.seal_malformed", seal=given)
    return cleaned


@commands.command(help="help.upgrade")
def upgrade(ctx: typer.Context) -> None:
    from kkb_cli import SCHEMA_VERSION

    kkb = office(ctx)
    if kkb.upgrade() is None:
        say(text("done.upgrade_current", path=kkb.path, version=SCHEMA_VERSION))
