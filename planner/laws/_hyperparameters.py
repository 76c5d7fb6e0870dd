r"""Batch size and peak learning rate: one record, whether a law kind or the run sheet gives them.

Two producers fill :class:`Hyperparameters`, each with its own fields:

- a law kind that publishes them (:meth:`planner.laws.kinds.LawKind.hyperparameters`; DeepSeek
  LLM 2024's Eq. 1 at a plan's compute, ``Plan.hyperparameters``);
- the run sheet (:func:`planner.run.hyperparameters`, ``RunSheet.hyperparameters``): the rate
  and batch by each hyperparameter law of ``presets/hyperparams/`` for a model shape, one of
  them chosen for each.

A field its producer does not give is :data:`msgspec.UNSET`, and msgspec leaves an ``UNSET``
field out of the record's data (:func:`planner.data.to_data`, ``model_dump``, ``--json``): each
producer's JSON holds exactly its own keys, in the order of the fields here; a field it gives
is written, ``None`` as ``null``. :func:`given` reads a field its producer gives.
"""

from typing import TypeVar

from msgspec import UNSET, UnsetType

from planner.data._frozen import Frozen
from planner.errors import InfeasibleError

__all__ = ["HparamPrediction", "Hyperparameters", "given"]

_T = TypeVar("_T")


class HparamPrediction(Frozen):
    """One hyperparameter law's learning rate and batch for a run."""

    law: str
    name: str
    learning_rate: float | None
    batch_tokens: float | None
    outside: str = ""
    """Empty inside the fitted range; else how far past it (a factor)."""
    past_factor: float = 1.0
    """The largest factor by which C_M, N or D lies outside the law's fitted range (1.0 inside)."""


class Hyperparameters(Frozen):
    r"""Batch size and peak learning rate for a budget or a run, with their sources.

    A law kind gives ``batch_size_tokens``, ``learning_rate``, ``flops_per_token`` and
    ``source``; the run sheet gives ``deepseek_compute``, ``batch_tokens``,
    ``batch_sequences``, ``seq_len``, ``steps``, ``learning_rate``, ``critical_batch_tokens``,
    ``lr_law``, ``batch_law``, the two ranges, ``by_law`` and ``notes``. The others are
    ``UNSET`` and absent from the record's data (module docstring).

    Sources of the fields:

    - DeepSeek LLM 2024 (arXiv:2401.02954) Eq. 1: :math:`\eta_{opt} = 0.3118\, C^{-0.1250}`,
      :math:`B_{opt} = 0.2920\, C^{0.3271}` tokens, with :math:`C = M D` and :math:`M` the
      non-embedding FLOPs per token with the attention (their Eq. 2,
      :func:`planner.planning.deepseek_flops_per_token`): a law kind's ``batch_size_tokens``,
      ``learning_rate`` and ``flops_per_token`` (:class:`planner.laws.kinds.DeepSeekLaw`, both
      by :func:`planner.laws.hyperparameter_law`), and ``deepseek_compute`` on a run sheet;
    - the hyperparameter laws of ``presets/hyperparams/``, each file citing its constants
      (DeepSeek LLM 2024 Eq. 1; Step Law, Li et al. 2025, arXiv:2503.04715): a run sheet's
      ``by_law``, the ranges over them, and ``learning_rate`` and ``batch_tokens`` from the
      laws ``lr_law`` and ``batch_law``;
    - Kaplan et al. 2020 (arXiv:2001.08361) Eq. 1.4, :math:`B_{crit} = B_* / L^{1/\alpha_B}`
      (:math:`B_* = 2\times10^8` tokens, :math:`\alpha_B = 0.21`, Table 5; WebText2 nats):
      ``critical_batch_tokens`` at the planned loss.
    """

    deepseek_compute: float | UnsetType = UNSET
    """Run sheet: C = M D in DeepSeek's convention, FLOPs."""
    batch_size_tokens: float | UnsetType = UNSET
    """Law kind: the law's optimal batch B_opt at the plan's compute, tokens (not rounded)."""
    batch_tokens: float | UnsetType = UNSET
    """Run sheet: the batch of ``batch_law`` rounded to whole sequences, tokens."""
    batch_sequences: int | UnsetType = UNSET
    """Run sheet: sequences per batch (at least one)."""
    seq_len: int | UnsetType = UNSET
    """Run sheet: tokens per sequence."""
    steps: int | UnsetType = UNSET
    """Run sheet: optimizer steps over the run's tokens, rounded up."""
    learning_rate: float
    """The peak learning rate (both producers)."""
    flops_per_token: float | UnsetType = UNSET
    """Law kind: M, non-embedding FLOPs per token (attention included)."""
    source: str | UnsetType = UNSET
    """Law kind: the paper and equation the values come from."""
    critical_batch_tokens: float | UnsetType | None = UNSET
    """Run sheet: Kaplan et al.'s B_crit at the planned loss (None without a loss)."""
    lr_law: str | UnsetType = UNSET
    """Run sheet: the law that gave ``learning_rate`` (:data:`planner.run.DEFAULT_LR_LAW`)."""
    batch_law: str | UnsetType = UNSET
    """Run sheet: the law that gave ``batch_tokens`` (:data:`planner.run.DEFAULT_BATCH_LAW`)."""
    learning_rate_range: tuple[float, float] | UnsetType | None = UNSET
    """Run sheet: lowest and highest peak learning rate over the laws (``by_law``)."""
    batch_tokens_range: tuple[float, float] | UnsetType | None = UNSET
    """Run sheet: lowest and highest batch (tokens) over the laws."""
    by_law: tuple[HparamPrediction, ...] | UnsetType = UNSET
    """Run sheet: each law's rate and batch, and how far the run is past its fitted range."""
    notes: tuple[str, ...] | UnsetType = UNSET
    """Run sheet: which laws gave the values, and where the run is past a law's range."""


def given(value: _T | UnsetType, name: str = "field") -> _T:
    """A field of :class:`Hyperparameters` that its producer gives.

    Parameters
    ----------
    value : object
        The field's value (``record.seq_len``, say).
    name : str
        The field's name, for the error.

    Returns
    -------
    object
        ``value``, known not to be ``UNSET``.

    Raises
    ------
    InfeasibleError
        ``value`` is ``UNSET``: the record's producer does not give that field (a law kind's
        has no ``seq_len``).

    Examples
    --------
    >>> h = Hyperparameters(batch_size_tokens=4e6, learning_rate=3e-4)
    >>> given(h.batch_size_tokens, "batch_size_tokens")
    4000000.0
    >>> given(h.seq_len, "seq_len")
    Traceback (most recent call last):
    ...
    planner.errors.InfeasibleError: seq_len: not given by this record's producer
    """
    if isinstance(value, UnsetType):
        raise InfeasibleError(f"{name}: not given by this record's producer")
    return value
