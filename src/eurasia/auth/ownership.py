"""Who may add or replace which indicator value: observations are owned like events.

An observation's natural key (indicator, areas, flow, frequency, period, side, source, vintage,
status) names one value. Adding a value whose key is new needs the editor role, and the value is
then owned by its author. Replacing a stored value is allowed to:

* its owner (an editor correcting their own figure), and admins for any value added by a user
  or an operator's import;
* nobody for a **bundled** value: a bundled figure cites its source and is reloaded as shipped,
  so a correction is a new vintage citing the source that corrects it (it then sits beside the
  bundled one, and the discrepancy views show both).

Editors may not replace values without an owner (an operator's file import): only admins can.
The API and the web form both write through :func:`add_observations`.

Examples
--------
>>> from eurasia.auth.roles import Principal, Role
>>> eli = Principal(2, "eli", "", Role.EDITOR)
>>> ensure_can_replace_observation(eli, origin="import", owner_id=2, what="value x")
>>> ensure_can_replace_observation(eli, origin="bundled", owner_id=None, what="value x")
Traceback (most recent call last):
...
eurasia.errors.ConflictError: value x is a bundled value and cannot be replaced; add the correction as a new vintage citing its source
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eurasia.auth.roles import Principal, Role, ensure_role
from eurasia.errors import ConflictError, PermissionDeniedError
from eurasia.indicators.observatory import Observatory
from eurasia.store import indicators as repo

__all__ = ["add_observations", "ensure_can_replace_observation"]


def ensure_can_replace_observation(
    principal: Principal, *, origin: str, owner_id: int | None, what: str
) -> None:
    """Raise unless ``principal`` may replace a stored value of this origin and owner.

    Raises
    ------
    PermissionDeniedError
        For a viewer, or an editor replacing a value they do not own.
    ConflictError
        For a bundled value, whoever asks.
    """
    ensure_role(principal, Role.EDITOR)
    if origin == repo.BUNDLED_ORIGIN:
        msg = (
            f"{what} is a bundled value and cannot be replaced; add the correction as a new "
            "vintage citing its source"
        )
        raise ConflictError(msg)
    if principal.role is Role.ADMIN or (owner_id is not None and owner_id == principal.id):
        return
    whose = "another user" if owner_id is not None else "an operator's import"
    msg = f"user {principal.username!r} may not replace {what}: it belongs to {whose}"
    raise PermissionDeniedError(msg)


def add_observations(session: Session, observatory: Observatory, *, by: Principal) -> int:
    """Write ``observatory``'s values for ``by``, all or nothing; returns how many.

    New values are owned by ``by``; replaced ones keep their owner.

    Raises
    ------
    PermissionDeniedError, ConflictError
        For the first value ``by`` may not replace (see
        :func:`ensure_can_replace_observation`); nothing is written.
    DataError
        If a value cites an unknown source (:func:`eurasia.store.indicators.save_observatory`).
    """
    ensure_role(by, Role.EDITOR)
    stored = repo.stored_owners(session, (o.key for o in observatory.observations))
    for index, obs in enumerate(observatory.observations):
        if obs.key in stored:
            origin, owner_id = stored[obs.key]
            what = (
                f"data[{index}] (the stored value of {obs.indicator} for {obs.ref_area} "
                f"{obs.period}, source {obs.source_id}, vintage {obs.vintage!r})"
            )
            ensure_can_replace_observation(by, origin=origin, owner_id=owner_id, what=what)
    keep = {key: owner for key, (_, owner) in stored.items()}
    return repo.save_observatory(
        session, observatory, replace="keys", owner_id=by.id, keep_owners=keep
    )
