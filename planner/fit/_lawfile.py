"""A fit as a law file: the preset, its TOML (tomli-w), and the safe write.

Law files are data: written by a maintained TOML writer, read back and validated before they
replace anything (:func:`planner.io._files.write_text_safely`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.data._frozen import validate_id
from planner.errors import InfeasibleError, InputError
from planner.fit._kinds import KindFit, kind_law
from planner.fit._optimizer import HUBER_DELTA
from planner.fit._parametric import FitReport
from planner.fit._runs import slug
from planner.io._check_types import check_instance, check_optional_text, check_text
from planner.io._checks import check_flag
from planner.laws._preset import LawPreset
from planner.laws._published import LossScale
from planner.laws.kinds import ParametricLaw, ParametricStderr, ScalingLaw
from planner.limits import EXPONENT_RANGE

__all__ = ["fit_to_law", "law_toml", "write_law_file"]


def fit_to_law(
    report: FitReport | KindFit,
    *,
    law_id: str = "my-fit",
    name: str | None = None,
    loss_scale: LossScale | None = None,
    parameter_convention: str = "total",
    allow_degenerate: bool = False,
) -> LawPreset:
    """A fit as a law preset that ``plan --law FILE`` and the TUI accept like any other.

    One path for every law kind: the Chinchilla form's fit (:func:`fit_runs`, with its
    bootstrap standard errors) and any other kind's (:func:`planner.fit._kinds.fit_kind`) are
    checked, refused when degenerate and written with their provenance the same way.

    Parameters
    ----------
    report : FitReport or KindFit
        From :func:`fit_runs` or :func:`planner.fit._kinds.fit_kind`.
    law_id : str
        Id of the law (lower-case ASCII, digits, '.', '-').
    name : str, optional
        Human name (default "Fit of FILE", with the kind for a kind other than the parametric).
    loss_scale : LossScale, optional
        The scale of the runs' losses (default: a scale named after the file).
    parameter_convention : {"total", "non-embedding"}
        Whether the runs' N counts embeddings.
    allow_degenerate : bool
        Write a fit flagged degenerate (``report.degenerate``) anyway.

    Returns
    -------
    LawPreset
        A law of the fitted kind with the fit's constants, fitted range and provenance (file,
        SHA-256).

    Raises
    ------
    InfeasibleError
        The fit is degenerate (and ``allow_degenerate`` is false), or its constants cannot
        make a law at all (an exponent at or below 0); the message names the cause.
    InputError
        A malformed ``law_id`` or ``parameter_convention``.
    """
    if not isinstance(report, KindFit):
        check_instance(report, FitReport, "report")
    law_id = validate_id(law_id, name="law_id")
    check_optional_text(name, "name")
    if loss_scale is not None:
        check_instance(loss_scale, LossScale, "loss_scale")
    check_text(parameter_convention, "parameter_convention", choices=("total", "non-embedding"))
    check_flag(allow_degenerate, "allow_degenerate")
    if isinstance(report, FitReport):
        _check_exponents(report)
    if report.degenerate and not allow_degenerate:
        raise InfeasibleError(
            f"the fit is degenerate: {report.warnings[0]}; it is not written as a law unless "
            "forced (--force)"
        )
    law, default_name, source, notes = (
        _parametric_law(report) if isinstance(report, FitReport) else _kind_law(report)
    )
    scale = loss_scale or LossScale(
        id=f"user-{slug(report.source)}",
        corpus=f"runs in {report.source}",
        tokenizer="not stated",
    )
    try:
        return LawPreset(
            id=law_id,
            name=name or default_name,
            source=source,
            notes=notes,
            parameter_convention=parameter_convention,  # type: ignore[arg-type]
            flop_convention="6ND",
            fitted_compute_flops=report.fitted_compute_flops,
            loss_scale=scale,
            law=law,
        )
    except ValueError as exc:
        raise InfeasibleError(f"the fit cannot be written as a law: {exc}") from exc


def _check_exponents(report: FitReport) -> None:
    """Refuse a Chinchilla fit whose exponents no law file may hold, naming the cause."""
    fit = report.approach3
    for sym, value in (("alpha", fit.alpha), ("beta", fit.beta)):
        if not EXPONENT_RANGE[0] <= value <= EXPONENT_RANGE[1]:
            cause = (
                report.warnings[0]
                if report.warnings
                else f"{sym} = {value:.3g} is outside [{EXPONENT_RANGE[0]:g}, "
                f"{EXPONENT_RANGE[1]:g}]"
            )
            raise InfeasibleError(f"the fit cannot be written as a law: {cause}")


def _parametric_law(report: FitReport) -> tuple[ScalingLaw, str, str, str]:
    """(law, default name, source, notes) of a Chinchilla fit, with its bootstrap errors."""
    fit = report.approach3
    stderr = None
    if report.bootstrap is not None:
        se = report.bootstrap.stderr
        stderr = ParametricStderr(
            e=se["E"],
            a=se["A"],
            b=se["B"],
            alpha=se["alpha"],
            beta=se["beta"],
            log_e=se["log_E"],
            log_a=se["log_A"],
            log_b=se["log_B"],
        )
    boot = (
        f"; standard errors from {report.bootstrap.n_resamples} bootstrap resamples "
        f"(seed {report.bootstrap.seed})"
        if report.bootstrap
        else ""
    )
    source = (
        f"planner fit of {report.n_runs} runs in {report.source} (sha256 {report.sha256[:16]}, "
        f"{report.n_dropped} highest-loss runs dropped): Huber(delta={fit.delta:g}) on "
        f"log-sum-exp residuals, summed, Hoffmann et al. 2022 grid{boot}"
    )
    law = ParametricLaw(e=fit.e, a=fit.a, b=fit.b, alpha=fit.alpha, beta=fit.beta, stderr=stderr)
    return law, f"Fit of {report.source}", source, f"objective {fit.objective:.6g}; {fit.message}"


def _kind_law(fit: KindFit) -> tuple[ScalingLaw, str, str, str]:
    """(law, default name, source, notes) of any other kind's fit, with its hold-out check."""
    hold = (
        f"; hold-out: fit on {fit.holdout.n_fit} runs, the {fit.holdout.n_held_out} largest "
        f"predicted to {fit.holdout.mean_abs_rel_error:.2%} mean |error|"
        if fit.holdout
        else ""
    )
    source = (
        f"planner fit --kind {fit.kind} of {fit.n_runs} runs in {fit.source} (sha256 "
        f"{fit.sha256[:16]}): Huber(delta={HUBER_DELTA:g}) on log residuals, summed, "
        f"from a {fit.n_starts}-point start grid{hold}"
    )
    return (
        kind_law(fit),
        f"Fit of {fit.source} ({fit.kind})",
        source,
        f"objective {fit.objective:.6g}; {fit.message}",
    )


def law_toml(preset: LawPreset) -> str:
    """A law preset as TOML text (written by tomli-w); loading it back gives the same preset.

    Parameters
    ----------
    preset : LawPreset
        Any law.

    Returns
    -------
    str

    Examples
    --------
    >>> from planner import load_law
    >>> text = law_toml(load_law("besiroglu2024"))
    >>> import tomllib; tomllib.loads(text)["id"]
    'besiroglu2024'
    """
    import tomli_w

    check_instance(preset, LawPreset, "preset")
    return tomli_w.dumps(preset.model_dump(mode="json", exclude_none=True))


def write_law_file(
    preset: LawPreset,
    path: str | Path,
    *,
    inputs: Sequence[str | Path] = (),
    force: bool = False,
    name: str = "out",
    force_hint: str = "force=True",
    replace_read_only: bool = False,
) -> Path:
    """Write ``preset`` as a law file, safely (:func:`planner.io._files.write_text_safely`).

    The file is written to a temporary file beside ``path``, loaded back and compared with
    ``preset``; only a file that loads as the same law replaces ``path``. An existing file is
    replaced only with ``force``; an input file never.

    Parameters
    ----------
    preset : LawPreset
        The law.
    path : str or Path
        Where to write it.
    inputs : sequence of str or Path
        Files the law was made from; never written over.
    force : bool
        Replace an existing file (keeping its mode).
    replace_read_only : bool
        With ``force``, also replace a read-only file.
    name, force_hint : str
        The option's name and how to force, for messages (``--out`` and ``--force`` in the CLI).

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    InputError
        Bad path, an input file, a failed write, or a file that does not load back.
    OutputExistsError
        ``path`` exists and ``force`` is false.
    """
    from planner.data._registry import load_preset_file
    from planner.io._files import write_text_safely

    check_instance(preset, LawPreset, "preset")

    def same_law(tmp: Path) -> None:
        if load_preset_file(tmp, LawPreset) != preset:
            raise InputError(f"{name}: the law file did not load back as the fitted law")

    return write_text_safely(
        path,
        law_toml(preset),
        inputs=inputs,
        force=force,
        validate=same_law,
        name=name,
        force_hint=force_hint,
        replace_read_only=replace_read_only,
    )
