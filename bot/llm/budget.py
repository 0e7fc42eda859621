"""Budgets that are never overspent, and the ledger that remembers every call.

Before a model call, the router's upper-bound estimate is *reserved* in every scope the call
counts against (the user's day, the class's month, the whole deployment's month), in one
transaction, with a conditional update per scope: `spent + reserved + amount <= limit`. If
any scope cannot take it, nothing is reserved. After the call, the reservation is *settled*:
the reserved amount is released and the real cost (from the response's `usage`) is added to
`spent`, in the same transaction as the ledger row. Concurrent requests therefore cannot
overspend, in one process or many, on SQLite or PostgreSQL.

A reservation left behind by a crash is charged in full on the next start (`release_stale`):
the call may have happened (settling runs after the reply is sent), and its upper bound is
the only figure that cannot overspend. A settle that arrives later charges nothing more.
Every method blocks; async callers use `asyncio.to_thread`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.kernel.catalog import Budgets, Role
from bot.store.db import (
    MICROS,
    class_budgets,
    ledger,
    reservations,
    spend,
    to_micros,
    user_scope_id,
    write_transaction,
)

log = logging.getLogger(__name__)

Key = tuple[str, str, str]  # (scope, scope_id, period)


@dataclass(frozen=True, slots=True)
class Who:
    """Whose money a call spends: the user, their role, and their class."""

    user_id: str
    class_id: str = "direct"
    """Discord guild or Teams team; `direct` for DMs and the terminal."""
    role: Role = "student"
    platform: str = "terminal"
    conversation_id: str = "local"


@dataclass(frozen=True, slots=True)
class Reservation:
    """Money held for one call until it is settled."""

    id: str
    keys: tuple[Key, ...]
    amount_micros: int


@dataclass(frozen=True, slots=True)
class Allowance:
    """What is left in one scope."""

    scope: str
    scope_id: str
    period: str
    limit_usd: float
    spent_usd: float
    reserved_usd: float

    @property
    def left_usd(self) -> float:
        """Limit minus spent minus reserved, never below zero."""
        return max(self.limit_usd - self.spent_usd - self.reserved_usd, 0.0)


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One row of the ledger, as a model call ended."""

    model: str
    tier: str
    reason: str
    input_tokens: int
    output_tokens: int
    cost_usd: float
    latency_ms: int
    outcome: str
    detail: str | None = None


class BudgetKeeper:
    """Reserves, settles and reports spending against the configured budgets."""

    CLASS_LIMITS_TTL_S = 5.0
    """How long a class's own limits are cached: a teacher's change reaches other processes
    within this time (this process sees it at once)."""

    FAR_SHARE = 0.25
    """A scope with at least this share of its limit left is far from it: routing may use a
    recent reading instead of reading the database again."""

    READING_TTL_S = 10.0
    """How long a far-from-the-limit reading stands in for a fresh one."""

    def __init__(
        self, engine: Engine, budgets: Budgets, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.engine = engine
        self.budgets = budgets
        self._clock = clock
        # Spend rows known to exist: their "insert if missing" is skipped on the hot path.
        self._known: set[Key] = set()
        self._class_limits: dict[str, tuple[float, tuple[int, int]]] = {}
        # Last reading of what each scope has left (micro-dollars), lowered by every
        # reservation this process makes since: never more optimistic than the database
        # was, except for what other processes spent in the meantime.
        self._readings: dict[Key, tuple[float, int]] = {}
        self._readings_lock = threading.Lock()

    # Scopes ----------------------------------------------------------------------

    def limits(self, who: Who, now: datetime | None = None) -> list[tuple[Key, int]]:
        """The (key, limit in micro-dollars) of every scope a call by `who` counts against."""
        now = now or datetime.now(UTC)
        day, month = now.strftime("%Y-%m-%d"), now.strftime("%Y-%m")
        class_limit, student_limit = self.class_limits(who.class_id)
        daily = (
            to_micros(self.budgets.teacher_daily_usd)
            if who.role in ("teacher", "admin")
            else student_limit
        )
        return [
            (("user", user_scope_id(who.user_id), day), daily),
            (("class", who.class_id, month), class_limit),
            (("global", "all", month), to_micros(self.budgets.global_monthly_usd)),
        ]

    def class_limits(self, class_id: str) -> tuple[int, int]:
        """The class's (monthly, per-student daily) limits in micro-dollars.

        A teacher may lower them for their class (`set_class_limits`); the configured values
        are the ceilings, so a class can never spend more than the deployment allows it.
        """
        cached = self._class_limits.get(class_id)
        now = self._clock()
        if cached is not None and now - cached[0] < self.CLASS_LIMITS_TTL_S:
            return cached[1]
        monthly = to_micros(self.budgets.class_monthly_usd)
        daily = to_micros(self.budgets.student_daily_usd)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    class_budgets.c.class_monthly_micros, class_budgets.c.student_daily_micros
                ).where(class_budgets.c.class_id == class_id)
            ).first()
        if row is not None:
            monthly = min(monthly, row[0]) if row[0] is not None else monthly
            daily = min(daily, row[1]) if row[1] is not None else daily
        if len(self._class_limits) > 10_000:
            self._class_limits.clear()
        self._class_limits[class_id] = (now, (monthly, daily))
        return monthly, daily

    def set_class_limits(
        self,
        class_id: str,
        by: str,
        class_monthly_usd: float | None = None,
        student_daily_usd: float | None = None,
    ) -> tuple[float, float]:
        """Set a class's own limits (capped at the configured ones); returns them in USD."""
        for value in (class_monthly_usd, student_daily_usd):
            if value is not None and value < 0:
                raise ValueError("a budget cannot be negative")
        monthly_cap = self.budgets.class_monthly_usd
        daily_cap = self.budgets.student_daily_usd
        with write_transaction(self.engine) as conn:
            row = conn.execute(
                select(class_budgets).where(class_budgets.c.class_id == class_id)
            ).first()
            monthly = row.class_monthly_micros if row is not None else None
            daily = row.student_daily_micros if row is not None else None
            if class_monthly_usd is not None:
                monthly = to_micros(min(class_monthly_usd, monthly_cap))
            if student_daily_usd is not None:
                daily = to_micros(min(student_daily_usd, daily_cap))
            conn.execute(delete(class_budgets).where(class_budgets.c.class_id == class_id))
            conn.execute(
                insert(class_budgets).values(
                    class_id=class_id,
                    class_monthly_micros=monthly,
                    student_daily_micros=daily,
                    updated_by=by,
                    updated_at=datetime.now(UTC),
                )
            )
        self._class_limits.pop(class_id, None)
        with self._readings_lock:
            self._readings.clear()  # they were taken against the old limits
        new_monthly, new_daily = self.class_limits(class_id)
        return new_monthly / MICROS, new_daily / MICROS

    def class_report(self, class_id: str, now: datetime | None = None) -> dict[str, Any]:
        """A class's spending this month: total, limit, and each student's share (ledger)."""
        now = now or datetime.now(UTC)
        month = now.strftime("%Y-%m")
        start = datetime(now.year, now.month, 1, tzinfo=UTC)
        monthly, daily = self.class_limits(class_id)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(spend.c.spent_micros, spend.c.reserved_micros).where(
                    _match(("class", class_id, month))
                )
            ).first()
            users = conn.execute(
                select(
                    ledger.c.user_id,
                    func.count().label("calls"),
                    func.coalesce(func.sum(ledger.c.cost_micros), 0).label("cost"),
                )
                .where(and_(ledger.c.class_id == class_id, ledger.c.at >= start))
                .group_by(ledger.c.user_id)
                .order_by(func.sum(ledger.c.cost_micros).desc())
            ).all()
        return {
            "class_id": class_id,
            "month": month,
            "limit_usd": monthly / MICROS,
            "student_daily_usd": daily / MICROS,
            "spent_usd": (row[0] if row else 0) / MICROS,
            "reserved_usd": (row[1] if row else 0) / MICROS,
            "users": [
                {"user_id": u.user_id, "calls": u.calls, "cost_usd": u.cost / MICROS} for u in users
            ],
        }

    def allowances(self, who: Who, now: datetime | None = None) -> list[Allowance]:
        """What is left in each scope for `who`."""
        limits = self.limits(who, now)
        rows = self._spend_rows([key for key, _ in limits])
        return [
            Allowance(
                key[0],
                key[1],
                key[2],
                limit / MICROS,
                rows[key][1] / MICROS,
                rows[key][0] / MICROS,
            )
            for key, limit in limits
        ]

    def _spend_rows(self, keys: Sequence[Key]) -> dict[Key, tuple[int, int]]:
        """(reserved, spent) in micro-dollars of each scope, in one query; (0, 0) if unseen."""
        with self.engine.connect() as conn:
            rows = conn.execute(_READ, {"keys": list(keys)}).all()
        found = {(r[0], r[1], r[2]): (int(r[3]), int(r[4])) for r in rows}
        return {key: found.get(key, (0, 0)) for key in keys}

    def remaining_usd(self, who: Who) -> float:
        """The smallest allowance left across `who`'s scopes, for routing.

        Three SELECTs per question were 28 % of a request's CPU above the model. When every
        scope was far from its limit (`FAR_SHARE`) at a reading less than `READING_TTL_S`
        old, that reading (minus this process's reservations since) answers instead. It may
        miss what other processes spent meanwhile; that only matters to routing, because the
        reservation before each call is atomic and checks the limit in the database itself:
        budgets are never overspent either way.
        """
        limits = self.limits(who)
        now = self._clock()
        lefts: dict[Key, int] = {}
        stale: list[tuple[Key, int]] = []
        with self._readings_lock:
            for key, limit in limits:
                reading = self._readings.get(key)
                if (
                    reading is None
                    or now - reading[0] >= self.READING_TTL_S
                    or reading[1] < self.FAR_SHARE * limit
                ):
                    stale.append((key, limit))
                else:
                    lefts[key] = reading[1]
        if stale:
            # Only the scopes without a usable reading (a student's first question of the
            # day: their own scope; the class's and the deployment's are shared), in one query.
            rows = self._spend_rows([key for key, _ in stale])
            with self._readings_lock:
                if len(self._readings) > 100_000:
                    self._readings.clear()
                for key, limit in stale:
                    reserved, spent = rows[key]
                    lefts[key] = max(limit - spent - reserved, 0)
                    self._readings[key] = (now, lefts[key])
        return min(lefts.values()) / MICROS

    def _lower_readings(self, keys: Sequence[Key], amount_micros: int) -> None:
        with self._readings_lock:
            for key in keys:
                reading = self._readings.get(key)
                if reading is not None:
                    self._readings[key] = (reading[0], max(reading[1] - amount_micros, 0))

    # Reserve and settle ----------------------------------------------------------

    def reserve(self, who: Who, amount_usd: float) -> Reservation | None:
        """Hold `amount_usd` in every scope of `who`, or nothing if any scope can't cover it."""
        amount = to_micros(amount_usd)
        limits = self.limits(who)
        res = Reservation(str(uuid.uuid4()), tuple(k for k, _ in limits), amount)
        return self._reserve(res, limits)

    def _reserve(self, res: Reservation, limits: list[tuple[Key, int]]) -> Reservation | None:
        with write_transaction(self.engine) as conn:
            tx = conn.get_transaction()
            assert tx is not None
            keys = [key for key, _ in limits]
            unknown = [key for key in keys if key not in self._known]
            if unknown:
                self._insert_ignore(conn, unknown)
            limit_of = {f"{scope}_limit": limit for (scope, _, _), limit in limits}
            for group in self._groups(keys):
                # A scope without room for the amount is not updated, and then nothing is
                # held: the transaction rolls back.
                params = {"keys": list(group), "amount": res.amount_micros, **limit_of}
                done = conn.execute(_HOLD, params)
                if done.rowcount != len(group) and not unknown:
                    # A row may have been deleted since (a student's data forgotten).
                    self._insert_ignore(conn, group)
                    done = conn.execute(_HOLD, params)
                if done.rowcount != len(group):
                    tx.rollback()
                    return None
            conn.execute(
                _RESERVATION,
                {
                    "id": res.id,
                    "scope_keys": json.dumps(res.keys),
                    "amount_micros": res.amount_micros,
                    "created_at": datetime.now(UTC),
                },
            )
        if len(self._known) > 100_000:
            self._known.clear()
        self._known.update(res.keys)
        self._lower_readings(res.keys, res.amount_micros)
        return res

    def settle(self, res: Reservation | None, who: Who, call: CallRecord, request_id: str) -> None:
        """Release the reservation, charge the real cost, and write the ledger row: atomically."""
        reported = to_micros(call.cost_usd) if call.cost_usd > 0 else 0
        keys: Sequence[Key] = res.keys if res else [k for k, _ in self.limits(who)]
        held = res.amount_micros if res else 0
        actual = reported
        detail = call.detail
        if res is not None and reported > held:
            # The call was bounded (`llm_max_output_tokens`) when the reservation was sized:
            # usage reported beyond it is the server's error, never charged past the limit.
            actual = held
            note = f"reported usage ${reported / MICROS:.6f} over the ${held / MICROS:.6f} reserved"
            detail = f"{detail}; {note}" if detail else note
            log.warning("%s (%s, %s): charged the reservation", note, call.model, request_id)

        def work() -> None:
            nonlocal detail
            with write_transaction(self.engine) as conn:
                charged = actual
                if res is not None:
                    gone = conn.execute(_UNRESERVE, {"rid": res.id})
                    # Already settled, or charged in full as stale: never release the money
                    # twice, nor charge the call again.
                    release = held if gone.rowcount == 1 else 0
                    if gone.rowcount != 1:
                        charged = 0
                        note = "already charged in full as an unsettled reservation"
                        detail = f"{detail}; {note}" if detail else note
                else:
                    release = 0
                if charged or release:
                    unknown = [key for key in keys if key not in self._known]
                    if unknown:
                        self._insert_ignore(conn, unknown)
                    for group in self._groups(keys):
                        conn.execute(_CHARGE, _charge(group, release, charged))
                conn.execute(_LEDGER, _ledger_row(request_id, who, call, charged, detail))

        work()

    def release_stale(self, older_than: timedelta = timedelta(minutes=10)) -> int:
        """Charge in full the reservations a crashed process never settled; how many.

        Each gets a ledger row (outcome `unsettled`, model unknown): the ledger's total stays
        equal to what the budgets were charged.
        """
        cutoff = datetime.now(UTC) - older_than
        released = 0
        with write_transaction(self.engine) as conn:
            rows = conn.execute(
                select(reservations.c.id, reservations.c.scope_keys, reservations.c.amount_micros)
            ).all()
            for rid, keys, amount in rows:
                created = conn.execute(
                    select(reservations.c.created_at).where(reservations.c.id == rid)
                ).scalar_one()
                if created.tzinfo is None:
                    created = created.replace(tzinfo=UTC)
                if created > cutoff:
                    continue
                conn.execute(delete(reservations).where(reservations.c.id == rid))
                scope_keys = [(k[0], k[1], k[2]) for k in json.loads(keys)]
                for group in self._groups(scope_keys):
                    conn.execute(_CHARGE, _charge(group, amount, amount))
                # The user's scope names them only by a digest: the row says "(unknown)".
                klass = next((k[1] for k in scope_keys if k[0] == "class"), "(unknown)")
                who = Who("(unknown)", klass, platform="", conversation_id="")
                call = CallRecord(
                    "(unknown)",
                    "",
                    "reservation never settled (the process ended)",
                    0,
                    0,
                    amount / MICROS,
                    0,
                    "unsettled",
                )
                conn.execute(
                    _LEDGER, _ledger_row(rid, who, call, amount, "charged the reserved upper bound")
                )
                released += 1
        return released

    def _groups(self, keys: Sequence[Key]) -> list[Sequence[Key]]:
        """The scopes one statement moves money in. On SQLite, all of them: a write
        transaction holds the whole file, and each statement costs ~0.3 ms of CPU. On
        PostgreSQL, one at a time in a fixed order (user, class, global): transactions that
        take row locks in the same order never deadlock, and one statement over several rows
        locks them in whatever order its plan visits them (it did, in the racing test)."""
        if self.engine.dialect.name == "sqlite":
            return [keys]
        return [[key] for key in keys]

    def _insert_ignore(self, conn: Connection, keys: Sequence[Key]) -> None:
        """Create the spend rows of `keys` that don't exist yet."""
        rows = [
            {"scope": k[0], "scope_id": k[1], "period": k[2], "reserved_micros": 0,
             "spent_micros": 0}
            for k in keys
        ]  # fmt: skip
        dialect = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        conn.execute(dialect(spend).on_conflict_do_nothing(), rows)

    # Reports ---------------------------------------------------------------------

    def report(self, by: str | None = None) -> list[dict[str, Any]]:
        """Ledger totals, optionally grouped by `user`, `class`, `model` or `day`."""
        columns = {
            "user": ledger.c.user_id,
            "class": ledger.c.class_id,
            "model": ledger.c.model,
            "day": func.substr(cast(ledger.c.at, String), 1, 10),
        }
        aggregates = [
            func.count().label("calls"),
            func.coalesce(func.sum(ledger.c.input_tokens), 0).label("input_tokens"),
            func.coalesce(func.sum(ledger.c.output_tokens), 0).label("output_tokens"),
            func.coalesce(func.sum(ledger.c.cost_micros), 0).label("cost_micros"),
            func.sum(_case_ok()).label("ok"),
        ]
        with self.engine.connect() as conn:
            if by is None:
                row = conn.execute(select(*aggregates)).one()
                return [_report_row(None, row)]
            group = columns[by].label("key")
            rows = conn.execute(select(group, *aggregates).group_by(group).order_by(group)).all()
        return [_report_row(by, row) for row in rows]


# The statements of every reservation and settle, built once: building one costs more CPU
# than SQLite takes to run it (values are bound at each execution).
_HOLD = (
    update(spend)
    .where(
        and_(
            tuple_(spend.c.scope, spend.c.scope_id, spend.c.period).in_(
                bindparam("keys", expanding=True)
            ),
            spend.c.spent_micros + spend.c.reserved_micros + bindparam("amount")
            <= case(
                {s: bindparam(f"{s}_limit") for s in ("user", "class", "global")},
                value=spend.c.scope,
                else_=-1,
            ),
        )
    )
    .values(reserved_micros=spend.c.reserved_micros + bindparam("amount"))
)
_CHARGE = (
    update(spend)
    .where(
        tuple_(spend.c.scope, spend.c.scope_id, spend.c.period).in_(
            bindparam("keys", expanding=True)
        )
    )
    .values(
        reserved_micros=spend.c.reserved_micros - bindparam("release"),
        spent_micros=spend.c.spent_micros + bindparam("charge"),
    )
)
_READ = select(
    spend.c.scope, spend.c.scope_id, spend.c.period, spend.c.reserved_micros, spend.c.spent_micros
).where(
    tuple_(spend.c.scope, spend.c.scope_id, spend.c.period).in_(bindparam("keys", expanding=True))
)
_RESERVATION = insert(reservations)
_UNRESERVE = delete(reservations).where(reservations.c.id == bindparam("rid"))
_LEDGER = insert(ledger)


def _charge(keys: Sequence[Key], release_micros: int, charge_micros: int) -> dict[str, Any]:
    """`_CHARGE`'s values: a settled call's money moved in its scopes (the hold released,
    the cost spent)."""
    return {"keys": list(keys), "release": release_micros, "charge": charge_micros}


def _ledger_row(
    request_id: str, who: Who, call: CallRecord, cost_micros: int, detail: str | None
) -> dict[str, Any]:
    return {
        "at": datetime.now(UTC),
        "request_id": request_id,
        "user_id": who.user_id,
        "class_id": who.class_id,
        "platform": who.platform,
        "conversation_id": who.conversation_id,
        "model": call.model,
        "tier": call.tier,
        "reason": call.reason,
        "input_tokens": call.input_tokens,
        "output_tokens": call.output_tokens,
        "cost_micros": cost_micros,
        "latency_ms": call.latency_ms,
        "outcome": call.outcome,
        "detail": detail,
    }


def _match(key: Key) -> Any:
    return and_(spend.c.scope == key[0], spend.c.scope_id == key[1], spend.c.period == key[2])


def _case_ok() -> Any:
    return case((ledger.c.outcome == "ok", 1), else_=0)


def _report_row(by: str | None, row: Any) -> dict[str, Any]:
    mapping = row._mapping
    out: dict[str, Any] = {}
    if by is not None:
        out[by] = mapping["key"]
    out.update(
        calls=int(mapping["calls"]),
        ok=int(mapping["ok"] or 0),
        input_tokens=int(mapping["input_tokens"]),
        output_tokens=int(mapping["output_tokens"]),
        cost_usd=round(int(mapping["cost_micros"]) / MICROS, 6),
    )
    return out
