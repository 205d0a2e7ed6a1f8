"""Gazetteer tables: places, their names, admin boundaries. Mixed into ``Store``."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update

from marsad.ids import new_id
from marsad.model import AuditEntry, FeatureType, Place
from marsad.store.base import StoreParts
from marsad.store.schema import boundary, kv, place, place_name
from marsad.store.timeutil import utcnow
from marsad.text.names import is_arabic

if TYPE_CHECKING:
    from collections.abc import Iterator


_FIELDS = (
    "name",
    "name_ar",
    "feature_type",
    "parent_id",
    "admin1",
    "admin1_code",
    "admin2",
    "admin3",
    "pcode",
    "latitude",
    "longitude",
    "population",
)


class GazetteerStore(StoreParts):
    """Methods of ``Store`` that read and write the gazetteer."""

    def place_ids(self, source: str) -> dict[str, str]:
        """source_key → id for every place of one source."""
        with self._tx() as conn:
            return {
                r.source_key: r.id
                for r in conn.execute(select(place.c.source_key, place.c.id).where(place.c.source == source))
            }

    def save_places(self, places: list[Place], *, action: str, details: dict[str, Any]) -> tuple[int, int]:
        """Insert or update places (matched on source and source_key) with their names, atomically.

        Returns (added, updated). Existing names are kept; new spellings are added.
        """
        added = updated = 0
        with self._tx() as conn:
            existing = {
                (r.source, r.source_key): r.id
                for r in conn.execute(select(place.c.source, place.c.source_key, place.c.id))
            }
            known_names: dict[str, set[str]] = defaultdict(set)
            for r in conn.execute(select(place_name.c.place_id, place_name.c.name)):
                known_names[r.place_id].add(r.name)
            new_rows: list[dict[str, Any]] = []
            name_rows: list[dict[str, Any]] = []
            now = utcnow()
            for p in places:
                values = {f: getattr(p, f) for f in _FIELDS}
                values["feature_type"] = str(p.feature_type)
                pid = existing.get((p.source, p.source_key)) or p.id
                if (p.source, p.source_key) in existing:
                    conn.execute(update(place).where(place.c.id == pid).values(**values))
                    updated += 1
                else:
                    pid = pid or new_id()
                    existing[(p.source, p.source_key)] = pid
                    new_rows.append(
                        {
                            "id": pid,
                            "source": p.source,
                            "source_key": p.source_key,
                            "created_at": now,
                            "created_by": p.created_by,
                            **values,
                        }
                    )
                    added += 1
                p.id = pid
                for n in p.all_names:
                    if n not in known_names[pid]:
                        known_names[pid].add(n)
                        name_rows.append({"place_id": pid, "name": n, "lang": "ar" if is_arabic(n) else "en"})
            # parents may be among the new rows: insert them all before the foreign keys are checked
            if new_rows:
                conn.execute(insert(place), new_rows)
            if name_rows:
                conn.execute(insert(place_name), name_rows)
            self._audit(
                conn,
                AuditEntry(
                    action=action,
                    subject="gazetteer",
                    actor=self.actor,
                    details={**details, "added": added, "updated": updated},
                ),
            )
        return added, updated

    def add_place_names(self, names: dict[str, list[str]]) -> None:
        """Extra spellings for existing places (place id → names); known ones are ignored."""
        with self._tx() as conn:
            known = {
                (r.place_id, r.name) for r in conn.execute(select(place_name.c.place_id, place_name.c.name))
            }
            rows = [
                {"place_id": pid, "name": n, "lang": "ar" if is_arabic(n) else "en"}
                for pid, ns in names.items()
                for n in dict.fromkeys(ns)
                if (pid, n) not in known
            ]
            if rows:
                conn.execute(insert(place_name), rows)

    def update_place_admin(self, rows: list[dict[str, Any]]) -> None:
        """Set admin fields computed from geometry: dicts with ``id`` and the fields to set."""
        with self._tx() as conn:
            for row in rows:
                conn.execute(
                    update(place)
                    .where(place.c.id == row["id"])
                    .values(**{k: v for k, v in row.items() if k != "id"})
                )

    def places(
        self,
        *,
        feature_type: str | None = None,
        admin1: str | None = None,
        source: str | None = None,
        parent_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Place]:
        q = select(place).order_by(place.c.admin1, place.c.feature_type, place.c.name).offset(offset)
        if feature_type:
            q = q.where(place.c.feature_type == feature_type)
        if admin1:
            q = q.where(func.lower(place.c.admin1) == admin1.lower())
        if source:
            q = q.where(place.c.source == source)
        if parent_id:
            q = q.where(place.c.parent_id == parent_id)
        if limit is not None:
            q = q.limit(limit)
        with self._tx() as conn:
            rows = conn.execute(q).all()
            names: dict[str, list[str]] = defaultdict(list)
            ids = [r.id for r in rows]
            for i in range(0, len(ids), 900):
                for r in conn.execute(
                    select(place_name.c.place_id, place_name.c.name)
                    .where(place_name.c.place_id.in_(ids[i : i + 900]))
                    .order_by(place_name.c.id)
                ):
                    names[r.place_id].append(r.name)
        return [_place(r, names[r.id]) for r in rows]

    def iter_places(self) -> Iterator[Place]:
        """Every place with every name, for building an in-memory index."""
        yield from self.places()

    def gazetteer_stats(self) -> dict[str, Any]:
        with self._tx() as conn:
            by_source = dict(
                conn.execute(select(place.c.source, func.count()).group_by(place.c.source)).all()
            )
            by_type = dict(
                conn.execute(select(place.c.feature_type, func.count()).group_by(place.c.feature_type)).all()
            )
            names = conn.execute(select(func.count()).select_from(place_name)).scalar_one()
            coords = conn.execute(select(func.count()).where(place.c.latitude.is_not(None))).scalar_one()
            bounds = conn.execute(select(func.count()).select_from(boundary)).scalar_one()
        return {
            "places": sum(by_source.values()),
            "names": names,
            "with_coordinates": coords,
            "boundaries": bounds,
            "by_source": by_source,
            "by_feature_type": by_type,
        }

    def set_boundaries(self, rows: list[tuple[str, str, dict[str, Any]]]) -> None:
        """(place id, source, GeoJSON geometry) for admin units."""
        with self._tx() as conn:
            for pid, source, geometry in rows:
                conn.execute(delete(boundary).where(boundary.c.place_id == pid))
                conn.execute(insert(boundary), {"place_id": pid, "source": source, "geojson": geometry})
            self._audit(
                conn,
                AuditEntry(
                    action="geo.boundaries",
                    subject="gazetteer",
                    actor=self.actor,
                    details={"places": [r[0] for r in rows]},
                ),
            )

    def boundaries(self) -> list[tuple[str, dict[str, Any]]]:
        with self._tx() as conn:
            return [(r.place_id, r.geojson) for r in conn.execute(select(boundary))]

    def kv_get(self, key: str) -> Any:
        with self._tx() as conn:
            row = conn.execute(select(kv.c.value).where(kv.c.key == key)).first()
        return row.value if row else None

    def kv_set(self, key: str, value: Any) -> None:
        with self._tx() as conn:
            conn.execute(delete(kv).where(kv.c.key == key))
            conn.execute(insert(kv), {"key": key, "value": value})


def _place(r: Any, names: list[str]) -> Place:
    return Place(
        id=r.id,
        source=r.source,
        source_key=r.source_key,
        name=r.name,
        name_ar=r.name_ar,
        feature_type=FeatureType(r.feature_type),
        parent_id=r.parent_id,
        admin1=r.admin1,
        admin1_code=r.admin1_code,
        admin2=r.admin2,
        admin3=r.admin3,
        pcode=r.pcode,
        latitude=r.latitude,
        longitude=r.longitude,
        population=r.population,
        created_by=r.created_by,
        variants=[n for n in names if n not in (r.name, r.name_ar)],
    )
