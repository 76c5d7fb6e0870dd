"""What the planner asks of a mixture-of-experts law, beyond the dense protocol.

A mixture-of-experts (MoE) law kind is evaluated at one routing (experts E, experts per token
K): :meth:`MoeLaw.with_routing` returns the law at the routing a plan asks for, and at a fixed
routing the law is a function of the *active* parameters N_act and the tokens D, so the dense
protocol of :class:`~planner.laws.kinds.base.LawKind` (``optimum``, ``predict``, ...) applies
to it unchanged with N = N_act and C = 6 N_act D. What a dense law never needs, an MoE law adds:
the total parameters a given N_act implies under the paper's own architecture, and how far a
plan lies past the runs the law was fitted on.
"""

from typing import ClassVar, Self

from planner.laws.kinds.base import LawKind

__all__ = ["MoeLaw", "past_range"]


def past_range(what: str, value: float, largest: float, unit: str = "") -> str | None:
    """A sentence saying how far ``value`` lies past the largest fitted ``largest``, or None.

    Parameters
    ----------
    what : str
        The quantity, e.g. ``"active parameters"``.
    value, largest : float
        The plan's value and the largest value the law's fit saw.
    unit : str
        Appended to both numbers (e.g. ``" experts"``).

    Returns
    -------
    str or None
        None when ``value <= largest``.
    """
    if value <= largest:
        return None
    return (
        f"{what} {value:.3g}{unit} is {value / largest:.3g}x the largest fitted "
        f"({largest:.3g}{unit})"
    )


class MoeLaw(LawKind):
    """A law of routed (mixture-of-experts) models, evaluated at one routing."""

    BASE_OF_KINDS: ClassVar[bool] = True

    experts: int = 1
    """Experts E per MoE layer the law is evaluated at (a plan option; 1 in a law file)."""
    top_k: int = 1
    """Experts each token is routed to, K (a plan option)."""

    def with_routing(self, experts: int, top_k: int | None) -> Self:
        """The law evaluated at E experts with K routed per token.

        Raises :class:`~planner.errors.InfeasibleError` naming the field when the law's paper
        does not cover that routing.
        """
        raise NotImplementedError

    def total_params(self, active_params: float) -> float:
        """Total parameters of the paper's architecture with ``active_params`` active."""
        raise NotImplementedError

    def past_fitted(self, active_params: float, n_tokens: float) -> list[str]:
        """Phrases saying how far a plan lies past the runs the law was fitted on.

        One per quantity past its largest fitted value (experts or granularity, active
        parameters, tokens), from :func:`past_range`; empty inside the fitted runs.
        """
        raise NotImplementedError

    def routing_text(self) -> str:
        """The routing in words, e.g. ``32 experts, top-1 (Switch)``."""
        raise NotImplementedError
