"""``marsad geo``: look up, list, add, import and export places of the gazetteer."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import err, out, print_json, state
from marsad.errors import UsageError
from marsad.model import FeatureType, Place

if TYPE_CHECKING:
    from marsad.store import Store

app = typer.Typer(help="The gazetteer: look up, list, add, import and export places.", no_args_is_help=True)


def _store(ctx: typer.Context) -> Store:
    from marsad.geo import ensure_builtin

    store = state(ctx).store
    ensure_builtin(store)
    return store


def _place_dict(p: Place) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "name_ar": p.name_ar,
        "feature_type": str(p.feature_type),
        "admin1": p.admin1,
        "admin1_code": p.admin1_code,
        "admin2": p.admin2,
        "admin3": p.admin3,
        "pcode": p.pcode,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "population": p.population,
        "source": p.source,
        "variants": p.variants,
    }


@app.command("lookup")
def lookup(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A place name as written, in English or Arabic.")],
    context: Annotated[
        str | None,
        typer.Option(
            "--context", "-c", help="The sentence or document around the name, to decide between readings."
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=50, help="At most this many candidates.")] = 5,
    feature_type: Annotated[
        list[FeatureType] | None, typer.Option("--type", help="Only places of this kind (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Candidates for a place name, best first.

    Example: [bold]marsad geo lookup Jableh --context "in the countryside of Jableh" --json[/bold]
    """
    from marsad.geo import Geocoder

    geocoder = Geocoder.from_store(_store(ctx))
    found = geocoder.lookup(name, context, limit=limit, feature_types=feature_type)
    if as_json:
        print_json([c.as_dict() for c in found])
        return
    if not found:
        err.print(f"no place matches {escape(name)!r}")
        raise typer.Exit(1)
    table = Table("name", "type", "admin1", "admin2", "lat", "lon", "precision", "score", "how")
    for c in found:
        table.add_row(
            c.name if c.resolved else f"{c.name} (unresolved)",
            c.feature_type,
            c.admin1 or "",
            c.admin2 or "",
            f"{c.latitude:.4f}" if c.latitude is not None else "",
            f"{c.longitude:.4f}" if c.longitude is not None else "",
            str(c.geo_precision),
            f"{c.score:.2f}",
            c.matched or "",
        )
    out.print(table)


@app.command("list")
def list_places(
    ctx: typer.Context,
    feature_type: Annotated[
        FeatureType | None, typer.Option("--type", help="Only this kind of place.")
    ] = None,
    admin1: Annotated[
        str | None, typer.Option("--admin1", help="Only this governorate (English name).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only from this source (user, geonames, …).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """List places by governorate and kind.

    Example: [bold]marsad geo list --type district --admin1 Latakia[/bold]
    """
    places = _store(ctx).places(
        feature_type=str(feature_type) if feature_type else None,
        admin1=admin1,
        source=source,
        limit=limit,
        offset=offset,
    )
    if as_json:
        print_json([_place_dict(p) for p in places])
        return
    table = Table("name", "arabic", "type", "admin1", "admin2", "lat", "lon", "source")
    for p in places:
        table.add_row(
            p.name,
            p.name_ar or "",
            str(p.feature_type),
            p.admin1 or "",
            p.admin2 or "",
            f"{p.latitude:.4f}" if p.latitude is not None else "",
            f"{p.longitude:.4f}" if p.longitude is not None else "",
            p.source,
        )
    out.print(table)
    if not places:
        out.print("no places match")


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The place's English name.")],
    feature_type: Annotated[FeatureType, typer.Option("--type", help="What kind of place it is.")],
    within: Annotated[
        str | None,
        typer.Option("--within", help="The town, district or governorate it is in (or give --lat/--lon)."),
    ] = None,
    name_ar: Annotated[str | None, typer.Option("--ar", help="Its Arabic name.")] = None,
    lat: Annotated[float | None, typer.Option("--lat", help="Latitude (WGS84).")] = None,
    lon: Annotated[float | None, typer.Option("--lon", help="Longitude (WGS84).")] = None,
    variants: Annotated[
        list[str] | None, typer.Option("--variant", help="Another spelling (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Add a place the gazetteer lacks; it is used by every later lookup.

    Example: [bold]marsad geo add "Al-Qusour" --type neighbourhood --within Baniyas --ar "القصور"[/bold]
    """
    from marsad.geo import add_user_place

    place = add_user_place(
        _store(ctx),
        name,
        feature_type,
        within,
        name_ar=name_ar,
        latitude=lat,
        longitude=lon,
        variants=variants or [],
    )
    if as_json:
        print_json(_place_dict(place))
    else:
        out.print(
            f"added {place.name} ({place.feature_type}) in {place.admin2 or ''} {place.admin1}: {place.id}"
        )


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The file to import.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="ocha-admin, ocha-places, geonames or geojson (guessed when left out)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Import a fuller gazetteer you downloaded: OCHA admin units or populated places, GeoNames, boundaries.

    Example: [bold]marsad geo import syr_admin_units.csv --format ocha-admin[/bold]
    """
    from marsad.geo import import_file

    result = import_file(_store(ctx), path, fmt)
    data = {
        "format": result.format,
        "added": result.added,
        "updated": result.updated,
        "boundaries": result.boundaries,
        "skipped": result.skipped,
    }
    if as_json:
        print_json(data)
    else:
        out.print(
            f"{result.format}: {result.added} places added, {result.updated} updated, "
            f"{result.boundaries} boundaries, {len(result.skipped)} rows skipped"
        )
        for line in result.skipped[:20]:
            err.print(f"skipped {escape(line)}")


@app.command("stats")
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """How many places, names and boundaries the gazetteer holds, by source and kind.

    Example: [bold]marsad geo stats --json[/bold]
    """
    data = _store(ctx).gazetteer_stats()
    if as_json:
        print_json(data)
        return
    out.print(
        f"places: {data['places']}, names: {data['names']}, with coordinates: "
        f"{data['with_coordinates']}, boundaries: {data['boundaries']}"
    )
    for title, key in (("by source", "by_source"), ("by kind", "by_feature_type")):
        table = Table(title.split()[-1], "places", title=title)
        for k, v in sorted(data[key].items()):
            table.add_row(k, str(v))
        out.print(table)


@app.command("export")
def export(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="Only this source, e.g. user.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or geojson.")] = "csv",
) -> None:
    """Write places as CSV or GeoJSON on stdout (your additions: --source user).

    Example: [bold]marsad geo export --source user --format geojson > my-places.geojson[/bold]
    """
    if fmt not in ("csv", "geojson"):
        raise UsageError(f"--format must be csv or geojson, not {fmt!r}")
    places = [_place_dict(p) for p in _store(ctx).places(source=source)]
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "properties": {k: v for k, v in p.items() if k not in ("latitude", "longitude")},
                "geometry": {"type": "Point", "coordinates": [p["longitude"], p["latitude"]]}
                if p["latitude"] is not None
                else None,
            }
            for p in places
        ]
        sys.stdout.write(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"
        )
        return
    writer = csv.DictWriter(
        sys.stdout,
        fieldnames=list(_place_dict(Place(name="", feature_type=FeatureType.TOWN, source="", source_key=""))),
    )
    writer.writeheader()
    for p in places:
        writer.writerow({**p, "variants": "|".join(p["variants"])})
