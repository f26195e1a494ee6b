"""What a case reports: medians per contender, in one unit, and the target they are held to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.contenders import OURS, RAW

Check = Callable[["CaseResult"], bool | None]


@dataclass(frozen=True)
class Target:
    """A goal from the issue: its wording and a check (None when it cannot be decided)."""

    text: str
    check: Check


@dataclass
class CaseResult:
    """One row of the results table.

    Attributes:
        label: Stable case name (see ``benchmarks.catalog.LABELS``).
        detail: Sizes of this run, e.g. ``"2,000 deltas"``.
        unit: Unit of the values, e.g. ``"ms"``.
        values: Median per contender, in ``unit``; a missing contender has no key.
        target: The goal.
        extra: Other medians worth printing, by name (e.g. the bytes-only floor).
        spread: (min, max) per contender, in ``unit``, beside each median.
    """

    label: str
    detail: str
    unit: str
    values: dict[str, float]
    target: Target
    extra: dict[str, float] = field(default_factory=dict)
    spread: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The case as the table shows it."""
        return f"{self.label} ({self.detail}, {self.unit})"

    def ratio(self, top: str, bottom: str) -> float | None:
        """``values[top] / values[bottom]``, or None when either is missing."""
        if top not in self.values or not self.values.get(bottom):
            return None
        return self.values[top] / self.values[bottom]

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None: not measurable in this run)."""
        return self.target.check(self)


def ratio_at_most(versus: str, limit: float) -> Target:
    """Ours at most ``limit`` times ``versus``."""

    def check(result: CaseResult) -> bool | None:
        ratio = result.ratio(OURS, versus)
        return None if ratio is None else ratio <= limit

    return Target(f"ours ≤ {limit:g}x {versus}", check)


def raw_plus_at_most(offset: float) -> Target:
    """Ours at most raw plus ``offset`` (in the case's unit)."""

    def check(result: CaseResult) -> bool | None:
        if OURS not in result.values or RAW not in result.values:
            return None
        return result.values[OURS] <= result.values[RAW] + offset

    return Target(f"ours ≤ raw + {offset:g}", check)


def value_below(limit: float, *, inclusive: bool = True) -> Target:
    """Ours at most (or strictly under) ``limit``."""

    def check(result: CaseResult) -> bool | None:
        value = result.values.get(OURS)
        if value is None:
            return None
        return value <= limit if inclusive else value < limit

    return Target(f"ours {'≤' if inclusive else '<'} {limit:g}", check)


def all_of(*targets: Target) -> Target:
    """Every one of ``targets`` (not measurable when any one is not)."""

    def check(result: CaseResult) -> bool | None:
        verdicts = [target.check(result) for target in targets]
        return None if None in verdicts else all(verdicts)

    return Target(" and ".join(target.text for target in targets), check)
