"""The law-kind protocol: what the planner asks of every functional form of scaling law."""

from abc import abstractmethod
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import msgspec
import numpy as np

from planner.data._frozen import Frozen
from planner.errors import InfeasibleError
from planner.laws import _kernels as k
from planner.laws._hyperparameters import Hyperparameters
from planner.laws._numeric import FloatArray
from planner.limits import COMPUTE_RANGE_FLOPS

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray
    from typing_extensions import override
else:

    def override(method: Any) -> Any:
        """Mark a protocol method a kind implements (``typing.override``, Python 3.12+).

        A no-op at run time; type checkers use ``typing_extensions.override`` and check the
        method against :class:`LawKind`.

        Parameters
        ----------
        method : callable
            The method.

        Returns
        -------
        callable
            ``method`` itself.
        """
        return method


__all__ = ["FitParameter", "LawKind", "SampledLoss", "override"]

if TYPE_CHECKING:
    SampledLoss: TypeAlias = Callable[[ArrayLike, ArrayLike], FloatArray]
else:  # its runtime value, without importing numpy.typing (0.5 ms of every start-up)
    SampledLoss: TypeAlias = Callable[[Any, Any], FloatArray]
"""Loss at (N, D) under each of a law's coefficient draws: draws on a new last axis."""


class FitParameter(msgspec.Struct, frozen=True):
    """One parameter a kind fits.

    Its name in the law file, whether it is fitted as its log (positive scale constants), and
    the values of the start grid (in fit space).
    """

    name: str
    log: bool
    grid: tuple[float, ...]


class LawKind(Frozen, tag_field="kind"):
    """The abstract interface every law kind implements (defaults for what a kind may lack).

    Required methods are marked ``@abstractmethod``: a kind that leaves one out fails when its
    class is defined (``__init_subclass__``), not when a plan first calls it, and so does a
    kind that declares ``FIT_PARAMETERS`` without ``loss_from``. The check is made at class
    creation rather than by ``abc.ABCMeta``, whose metaclass cannot be combined with a record
    library's own (msgspec's ``StructMeta``).

    Each kind is a member of a msgspec tagged union: ``class PowerLaw(LawKind, tag="power")``
    reads and writes ``kind = "power"`` in a law file, and :attr:`kind` gives the tag.
    """

    FIT_PARAMETERS: ClassVar[tuple[FitParameter, ...]] = ()
    """Parameters ``planner fit`` can fit for this kind; empty: the kind is not fitted."""
    BASE_OF_KINDS: ClassVar[bool] = False
    """True in the body of a class that only shares fields and methods among kinds (``MoeLaw``):
    it may leave required methods abstract; every class below it is checked."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Refuse a kind (any subclass but a ``BASE_OF_KINDS``) leaving a required method abstract.

        Raises
        ------
        TypeError
            Naming the kind and the methods it does not implement.
        """
        super().__init_subclass__(**kwargs)
        if vars(cls).get("BASE_OF_KINDS", False):
            return  # a base of kinds (MoeLaw), not a kind a law file names
        # the names declared abstract along the kinds' own bases (LawKind, a base of kinds),
        # not every name of dir(cls): 8 kinds x ~120 names was ~0.4 ms of every start-up
        declared = {
            name
            for base in cls.__mro__
            if issubclass(base, LawKind)
            for name, value in vars(base).items()
            if getattr(value, "__isabstractmethod__", False)
        }
        missing = sorted(
            name
            for name in declared
            if getattr(getattr(cls, name, None), "__isabstractmethod__", False)
        )
        inherited = getattr(cls.loss_from, "__func__", None) is getattr(
            LawKind.loss_from, "__func__", None
        )
        if cls.FIT_PARAMETERS and inherited:
            missing.append("loss_from (the kind declares FIT_PARAMETERS)")
        if missing:
            raise TypeError(f"law kind {cls.__name__} does not implement {', '.join(missing)}")

    @abstractmethod
    def optimum(self, compute_flops: "ArrayLike") -> tuple[FloatArray, FloatArray]:
        """Compute-optimal (N, D) for budgets C (any shape), with 6 N D = C."""

    @property
    def kind(self) -> str:
        """The kind's tag in a law file (``parametric``, ``kaplan``, ...)."""
        return str(self.__struct_config__.tag)

    @property
    def has_loss(self) -> bool:
        """Whether this law predicts a loss."""
        return False

    def predict(self, n_params: "ArrayLike", n_tokens: "ArrayLike") -> FloatArray:
        """Loss of N parameters on D tokens (broadcast)."""
        raise InfeasibleError("this law publishes no loss model")

    @property
    def floor(self) -> float:
        """The irreducible loss: no compute reaches it (0 where the form has none)."""
        return 0.0

    def frontier_loss(self, compute_flops: "ArrayLike") -> FloatArray:
        """Loss along the compute-optimal frontier."""
        n, d = self.optimum(compute_flops)
        return self.predict(n, d)

    def compute_for_loss(self, loss: FloatArray) -> "tuple[FloatArray, NDArray[np.bool_]]":
        """(least compute reaching ``loss``, reached-within-range mask).

        Bisection in log C along the frontier between the planner's compute bounds, unless the
        kind has a closed form.
        """
        lo, hi = COMPUTE_RANGE_FLOPS
        return k.bisect_log(self.frontier_loss, loss, lo, hi)

    def coefficient_draws(self, samples: int, seed: int) -> "SampledLoss | None":
        """``predict`` under draws of the constants from their standard errors, or None."""
        return None

    def notes(self, compute_flops: float) -> list[str]:
        """How this kind's figures were obtained at a budget, for the plan's notes."""
        return []

    def hyperparameters(self, compute_flops: float) -> Hyperparameters | None:
        """Batch size and learning rate, where the law publishes them.

        A law kind's :class:`~planner.laws.Hyperparameters` give ``batch_size_tokens``,
        ``learning_rate``, ``flops_per_token`` and ``source`` (the run sheet's fields unset).
        """
        return None

    @classmethod
    def loss_from(
        cls, params: Mapping[str, FloatArray], n_params: FloatArray, n_tokens: FloatArray
    ) -> FloatArray:
        """The loss for a batch of parameter sets (arrays broadcast against the runs).

        Required of a kind that declares ``FIT_PARAMETERS`` (checked when its class is defined).
        """
        raise NotImplementedError
