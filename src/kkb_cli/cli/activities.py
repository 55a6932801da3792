"""Commands on programme activities (`kkb activity …`) and the portal's catalogues
(`kkb catalogue`)."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from kkb_cli.cli import completion
from kkb_cli.cli.app import (
    SHOWN_CHANGES,
    DryRunFlag,
    InputFileArgument,
    KelurahanArgument,
    Output,
    ScopeOption,
    VerboseFlag,
    VillageKecamatanOption,
    confirmed,
    date_option,
    office,
    output_options,
    say,
    say_count,
)
from kkb_cli.cli.group import CommandsApp
from kkb_cli.errors import RefusedError
from kkb_cli.messages import long_date, text

commands = CommandsApp()
activity_app = CommandsApp(help="help.activity")
commands.add_typer(activity_app, name="activity")

DayOption = Annotated[
    date | None,
    typer.Option("--date", parser=date_option, metavar="DATE", help="help.activity.date"),
]
TitleOption = Annotated[str | None, typer.Option(metavar="TEXT", help="help.activity.title")]
KegiatanOption = Annotated[
    str | None,
    typer.Option(metavar="KEGIATAN", help="help.activity.kegiatan", show_default=False),
]
AgencyOption = Annotated[
    list[str] | None,
    typer.Option("--opd", metavar="OPD", help="help.activity.opd", show_default=False),
]
FungsiOption = Annotated[
    str | None, typer.Option(metavar="FUNGSI", help="help.activity.fungsi", show_default=False)
]
GroupOption = Annotated[
    list[str] | None,
    typer.Option("--for", metavar="SASARAN", help="help.activity.for", show_default=False),
]
PlaceOption = Annotated[str | None, typer.Option(metavar="TEXT", help="help.activity.place")]
DescriptionOption = Annotated[
    str | None, typer.Option(metavar="TEXT", help="help.activity.description")
]
PeopleOption = Annotated[
    int | None, typer.Option(metavar="N", help="help.activity.people", show_default=False)
]
IdArgument = Annotated[
    int, typer.Argument(metavar="ID", help="help.activity.id", show_default=False)
]


@activity_app.command(name="add", help="help.activity.add")
def activity_add(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    day: DayOption = None,
    title: TitleOption = None,
    kegiatan: KegiatanOption = None,
    agencies: AgencyOption = None,
    fungsi: FungsiOption = None,
    groups: GroupOption = None,
    place: PlaceOption = None,
    description: DescriptionOption = None,
    people: PeopleOption = None,
    scope: ScopeOption = None,
    kecamatan: VillageKecamatanOption = None,
) -> None:
    from kkb_cli.errors import UsageError

    if day is None or title is None:
        raise UsageError("error.activity_needs", missing="--date" if day is None else "--title")
    done = office(ctx, "activity add").add_activity(
        kelurahan,
        day=day,
        title=title,
        kegiatan=kegiatan,
        agencies=agencies or (),
        fungsi=fungsi,
        groups=groups or (),
        place=place,
        description=description,
        people=people,
        scope=scope,
        kecamatan=kecamatan,
    )
    assert done.after is not None and done.after.id is not None
    say(
        text(
            "done.activity_added",
            id=done.after.id,
            title=done.after.title,
            village=done.village,
            day=long_date(done.after.day),
        )
    )


@activity_app.command(name="list", help="help.activity.list")
@output_options
def activity_list(
    ctx: typer.Context,
    kelurahan: Annotated[
        str | None,
        typer.Argument(
            metavar="KELURAHAN",
            help="help.activity.list_kelurahan",
            show_default=False,
            shell_complete=completion.villages,
        ),
    ] = None,
    agency: Annotated[
        str | None, typer.Option("--opd", metavar="OPD", help="help.activity.list_opd")
    ] = None,
    kegiatan: KegiatanOption = None,
    since: Annotated[
        date | None,
        typer.Option("--from", parser=date_option, metavar="DATE", help="help.activity.from"),
    ] = None,
    until: Annotated[
        date | None,
        typer.Option("--to", parser=date_option, metavar="DATE", help="help.activity.to"),
    ] = None,
    scope: ScopeOption = None,
    kecamatan: VillageKecamatanOption = None,
    *,
    output: Output,
) -> None:
    from kkb_cli.render import activities as shown

    with office(ctx).activities(
        village=kelurahan,
        kecamatan=kecamatan,
        agency=agency,
        kegiatan=kegiatan,
        since=since,
        until=until,
        scope=scope,
    ) as rows:
        if output.json:
            output.array(shown.activity_dict(row) for row in rows)
            return
        from kkb_cli.render.tables import console

        count = shown.print_activities(rows, console())
    say_count(count, "activity.list")


@activity_app.command(name="show", help="help.activity.show")
@output_options
def activity_show(ctx: typer.Context, id_: IdArgument, *, output: Output) -> None:
    from kkb_cli.render import activities as shown

    row = office(ctx).activity(id_)
    if output.json:
        output.object(shown.activity_dict(row))
        return
    from kkb_cli.render.tables import console

    shown.print_activity(row, console())


@activity_app.command(name="edit", help="help.activity.edit")
def activity_edit(
    ctx: typer.Context,
    id_: IdArgument,
    day: DayOption = None,
    title: TitleOption = None,
    kegiatan: KegiatanOption = None,
    agencies: AgencyOption = None,
    fungsi: FungsiOption = None,
    groups: GroupOption = None,
    place: PlaceOption = None,
    description: DescriptionOption = None,
    people: PeopleOption = None,
) -> None:
    from kkb_cli.render.activities import activity_change

    done = office(ctx, "activity edit").edit_activity(
        id_,
        day=day,
        title=title,
        kegiatan=kegiatan,
        agencies=agencies,
        fungsi=fungsi,
        groups=groups,
        place=place,
        description=description,
        people=people,
    )
    assert done.before is not None and done.after is not None
    change = activity_change(done.before, done.after)
    if not change:
        say(text("done.activity_unchanged", id=id_))
        return
    say(text("done.activity_edited", id=id_, village=done.village, change=change))


@activity_app.command(name="remove", help="help.activity.remove")
def activity_remove(
    ctx: typer.Context,
    id_: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="help.activity.yes")] = False,
) -> None:
    kkb = office(ctx, "activity remove")
    expected = None
    if not yes:
        row = kkb.activity(id_)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise RefusedError("error.activity_remove_needs_yes", id=id_)
        question = text(
            "confirm.activity_remove",
            id=id_,
            title=row.activity.title,
            village=row.village,
            day=long_date(row.activity.day),
        )
        if not confirmed(question):
            say(text("done.remove_declined"), err=True)
            return
        expected = row.activity
    done = kkb.remove_activity(id_, expected=expected)
    assert done.before is not None
    say(text("done.activity_removed", id=id_, title=done.before.title, village=done.village))


@activity_app.command(name="import", help="help.activity.import")
def activity_import(
    ctx: typer.Context,
    file: InputFileArgument,
    dry_run: DryRunFlag = False,
    update: Annotated[bool, typer.Option("--update", help="help.activity.update")] = False,
    scope: ScopeOption = None,
    verbose: VerboseFlag = False,
) -> None:
    from kkb_cli.cli.imports import ProgressBar, say_import
    from kkb_cli.render.csvin import CsvFile

    with CsvFile(file, empty="error.activity_import_empty") as source, ProgressBar() as bar:
        plan = office(ctx).import_activities(
            source,
            update=update,
            dry_run=dry_run,
            scope=scope,
            progress=bar,
            shown=None if verbose else SHOWN_CHANGES,
        )
    lines = (
        text(
            "activity.line_add" if row.before is None else "activity.line_update",
            line=row.line,
            title=row.after.title,
            village=row.village_name,
            day=row.after.day.isoformat(),
            id=row.before.id if row.before else "",
        )
        for row in plan.changes
    )
    done = "done.activity_import_dry_run" if dry_run else "done.activity_import"
    say_import(plan, source.name, lines, done)


# -- kkb catalogue ---------------------------------------------------------------------------


class CatalogueName(StrEnum):
    KEGIATAN = "kegiatan"
    OPD = "opd"
    FUNGSI = "fungsi"
    SASARAN = "sasaran"


@commands.command(name="catalogue", help="help.catalogue")
@output_options
def catalogue_(
    ctx: typer.Context,
    which: Annotated[
        CatalogueName,
        typer.Argument(metavar="[kegiatan|opd|fungsi|sasaran]", help="help.catalogue.which"),
    ] = CatalogueName.KEGIATAN,
    *,
    output: Output,
) -> None:
    from kkb_cli.application.activity_report import catalogue
    from kkb_cli.render import activities as shown

    rows = shown.catalogue_rows(catalogue(), which.value)
    if output.json:
        output.array(rows)
        return
    from kkb_cli.render.tables import console

    say_count(shown.print_catalogue(rows, which.value, console()), "catalogue")
