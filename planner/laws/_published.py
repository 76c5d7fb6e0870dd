"""What a law carries from its paper: the scale of its losses, and the allocations it states.

A loss is only comparable with losses on the same scale (corpus and tokenizer). A law preset
may carry the figures its paper prints (Llama 3 section 3.2.1: 402B parameters on 16.55T tokens
at 3.8e25 FLOPs); :func:`planner.planning._assemble.paper_checks` evaluates the law at each budget
and
every plan carries the result.
"""

from typing import Annotated, Literal

from planner.data._frozen import ID_PATTERN, Frozen, Pattern, PositiveFloat

__all__ = ["LossScale", "PaperCheck", "PublishedAllocation"]


class LossScale(Frozen):
    """The scale a loss is measured on. Losses on different scales are not comparable."""

    id: Annotated[str, Pattern(ID_PATTERN)]
    """Stable identifier, e.g. ``massivetext-sp32k``; two losses compare only if ids match."""
    corpus: str
    """Evaluation corpus, e.g. ``MassiveText``."""
    tokenizer: str
    """Tokenizer and vocabulary, e.g. ``SentencePiece, 32k vocabulary``."""
    unit: Literal["nats/token"] = "nats/token"
    """Unit of the loss: cross-entropy per token, natural log."""


class PublishedAllocation(Frozen):
    """An allocation the law's own paper states at one budget (its check: ``paper_checks``)."""

    compute_flops: PositiveFloat
    """The budget the paper states the allocation for, FLOPs."""
    n_params: PositiveFloat | None = None
    """The paper's parameters at that budget (the law's parameter convention)."""
    n_tokens: PositiveFloat | None = None
    """The paper's training tokens at that budget."""
    source: str
    """Where the paper states it: paper, section, table or equation."""

    def _validate(self) -> None:
        if self.n_params is None and self.n_tokens is None:
            raise ValueError("a published allocation needs n_params, n_tokens or both")


class PaperCheck(Frozen):
    """A law's own allocation at a budget its paper states one for, against that figure."""

    compute_flops: float
    paper_n_params: float | None
    paper_n_tokens: float | None
    law_n_params: float
    law_n_tokens: float
    n_params_error: float | None
    """law / paper - 1 for the parameters (None where the paper gives none)."""
    n_tokens_error: float | None
    """law / paper - 1 for the tokens."""
    disagrees: bool
    """Whether either differs by more than ``planner.limits.PAPER_AGREEMENT``."""
    source: str
