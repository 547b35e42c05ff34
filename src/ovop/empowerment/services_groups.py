"""Writes for village groups, their members and the people of a village.

Every function is one use case: keyword-only arguments, one transaction, the caller's right to
change the village checked (``scope.require_change_village``: PermissionDenied otherwise),
everything validated before anything is written, and a history row naming the user and the
reason. A refusal is a ``ValidationError`` whose dict names the field it is about, with a
message that starts with the field's label, so that pages and the API show it as is.

Members are never deleted: removing one archives the membership, and adding the same person
again restores it. A person is recorded once per village; an IKM owner already in the registry
is the person linked to that enterprise (created from the enterprise's owner name and, unless
another is chosen, its owner's gender the first time), never typed again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import REASON_ARCHIVED, save_with_history
from ovop.core.models import archive, restore
from ovop.empowerment import scope
from ovop.empowerment.models import Group, MemberRole, Membership, Person
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Level, Region


def _check_village(user: User, village: Region | None) -> Region:
    if village is None or village.level != Level.VILLAGE:
        raise ValidationError({"village": _("Village: choose a village.")})
    if not scope.villages_for_new_records(user).filter(pk=village.pk).exists():
        raise ValidationError(
            {"village": _("Village: %(name)s is not one of your villages.") % {"name": village}}
        )
    return village


def _check_unique_name(name: str, village: Region, exclude_pk: int | None = None) -> None:
    same = Group.objects.filter(village=village, name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError(
            {
                "name": _("Group name: %(village)s already has a group called “%(name)s”.")
                % {"village": village.name, "name": name}
            }
        )


def _require_active_group(group: Group) -> None:
    if group.archived_at is not None:
        raise ValidationError(
            _("Group “%(name)s” is archived; restore it before changing it.") % {"name": group}
        )


@transaction.atomic
def group_create(
    *,
    user: User,
    name: str,
    kind: str,
    village: Region,
    founded_year: int | None = None,
    note: str = "",
) -> Group:
    """Open a group in ``village`` (one of ``user``'s villages); its name is unique there."""
    scope.require_writer(user)
    _check_village(user, village)
    scope.require_change_village(user, village.pk)
    name = name.strip()
    _check_unique_name(name, village)
    group = Group(
        name=name, kind=kind, village=village, founded_year=founded_year, note=note.strip()
    )
    return save_with_history(group, user=user, reason="created")


@transaction.atomic
def group_update(
    *,
    user: User,
    group: Group,
    name: str,
    kind: str,
    village: Region,
    founded_year: int | None = None,
    note: str = "",
) -> Group:
    """Change a group; its village may change only while it has no members, cycles or
    meetings (they belong to the village), and only to another of ``user``'s villages."""
    scope.require_change_village(user, group.village_id)
    _require_active_group(group)
    if village.pk != group.village_id:
        _check_village(user, village)
        scope.require_change_village(user, village.pk)
        in_use = group.memberships.exists() or group.cycles.exists() or group.meetings.exists()
        if in_use:
            raise ValidationError(
                {
                    "village": _(
                        "Village: the group has members, cycles or meetings in %(village)s, "
                        "so it cannot move to another village."
                    )
                    % {"village": group.village.name}
                }
            )
    name = name.strip()
    _check_unique_name(name, village, exclude_pk=group.pk)
    group.name, group.kind, group.village = name, kind, village
    group.founded_year, group.note = founded_year, note.strip()
    return save_with_history(group, user=user, reason="edited")


@transaction.atomic
def group_archive(*, user: User, group: Group, reason: str = REASON_ARCHIVED) -> Group:
    """Archive ``group`` (``reason`` kept in its history); an archived one is refused."""
    scope.require_change_village(user, group.village_id)
    return archive(group, user=user, reason=reason or REASON_ARCHIVED)


@transaction.atomic
def group_restore(*, user: User, group: Group) -> Group:
    """Make an archived group active again; an active one is refused."""
    scope.require_change_village(user, group.village_id)
    return restore(group, user=user)


# --- members --------------------------------------------------------------------------------


def _person_for_enterprise(
    *, user: User, group: Group, enterprise: Enterprise, gender: str, birth_year: int | None
) -> Person:
    """The person who runs ``enterprise``: the one recorded, or a new one named as the
    registry names the owner."""
    if enterprise.village_id != group.village_id or enterprise.archived_at is not None:
        raise ValidationError(
            {
                "enterprise": _("IKM: “%(name)s” is not an active IKM of %(village)s.")
                % {"name": enterprise.name, "village": group.village.name}
            }
        )
    person = Person.objects.filter(enterprise=enterprise).first()
    if person is not None:
        return person
    gender = gender or enterprise.owner_gender  # the registry's, when none is chosen
    if not gender:
        raise ValidationError(
            {
                "gender": _("Gender: choose the gender of %(name)s, the owner of the IKM.")
                % {"name": enterprise.owner_name}
            }
        )
    person = Person(
        name=enterprise.owner_name.strip(),
        gender=gender,
        birth_year=birth_year,
        village=group.village,
        enterprise=enterprise,
    )
    return save_with_history(person, user=user, reason="created")


def _new_person(
    *, user: User, group: Group, name: str, gender: str, birth_year: int | None
) -> Person:
    if not gender:
        raise ValidationError({"gender": _("Gender: choose the new member's gender.")})
    person = Person(name=name.strip(), gender=gender, birth_year=birth_year, village=group.village)
    return save_with_history(person, user=user, reason="created")


def _check_person(group: Group, person: Person) -> None:
    if person.village_id != group.village_id or person.archived_at is not None:
        raise ValidationError(
            {
                "person": _("Person: %(name)s is not recorded in %(village)s.")
                % {"name": person.name, "village": group.village.name}
            }
        )


def _chosen_person(
    *,
    user: User,
    group: Group,
    person: Person | None,
    enterprise: Enterprise | None,
    name: str,
    gender: str,
    birth_year: int | None,
) -> tuple[Person, str]:
    """The person to add and the field that chose them ("person", "enterprise" or "name")."""
    given = [
        key for key, v in (("person", person), ("enterprise", enterprise), ("name", name)) if v
    ]
    if len(given) != 1:
        raise ValidationError(
            {
                "person": _(
                    "Person: choose a person of the village, or an IKM, or type a new name "
                    "(one of the three)."
                )
            }
        )
    if person is not None:
        _check_person(group, person)
        return person, "person"
    if enterprise is not None:
        found = _person_for_enterprise(
            user=user, group=group, enterprise=enterprise, gender=gender, birth_year=birth_year
        )
        _check_person(group, found)
        return found, "enterprise"
    return _new_person(
        user=user, group=group, name=name, gender=gender, birth_year=birth_year
    ), "name"


@transaction.atomic
def member_add(
    *,
    user: User,
    group: Group,
    role: str = MemberRole.MEMBER,
    person: Person | None = None,
    enterprise: Enterprise | None = None,
    name: str = "",
    gender: str = "",
    birth_year: int | None = None,
    joined_year: int | None = None,
) -> Membership:
    """Add a member to ``group``, one of three ways (exactly one of them given):

    - ``person``: someone already recorded in the group's village;
    - ``enterprise``: an IKM of the village; the person linked to it is reused, or created
      with the enterprise's owner name (``gender`` and ``birth_year`` then describe them);
    - ``name`` (with ``gender``, optional ``birth_year``): a new person of the village.

    An active member is refused; a former member (archived membership) is restored with the
    new role.
    """
    scope.require_change_village(user, group.village_id)
    _require_active_group(group)
    chosen, field = _chosen_person(
        user=user,
        group=group,
        person=person,
        enterprise=enterprise,
        name=name,
        gender=gender,
        birth_year=birth_year,
    )
    membership = Membership.objects.filter(group=group, person=chosen).first()
    if membership is None:
        membership = Membership(group=group, person=chosen, role=role, joined_year=joined_year)
        return save_with_history(membership, user=user, reason="member added")
    if membership.archived_at is None:
        label = {"person": _("Person"), "enterprise": _("IKM"), "name": _("Name")}[field]
        raise ValidationError(
            {
                field: _("%(label)s: %(name)s is already a member of %(group)s.")
                % {"label": label, "name": chosen.name, "group": group.name}
            }
        )
    membership.role = role
    if joined_year is not None:
        membership.joined_year = joined_year
    return restore(membership, user=user, reason="member added again")


@transaction.atomic
def member_update(
    *, user: User, membership: Membership, role: str, joined_year: int | None = None
) -> Membership:
    """Change a member's role in the group (and the year they joined)."""
    scope.require_change_village(user, membership.group.village_id)
    _require_active_group(membership.group)
    if membership.archived_at is not None:
        raise ValidationError(
            {"role": _("Role: %(name)s has left the group.") % {"name": membership.person.name}}
        )
    membership.role, membership.joined_year = role, joined_year
    return save_with_history(membership, user=user, reason="edited")


@transaction.atomic
def member_remove(
    *, user: User, membership: Membership, reason: str = "member removed"
) -> Membership:
    """Take a member out of the group: the membership is archived, never deleted."""
    scope.require_change_village(user, membership.group.village_id)
    _require_active_group(membership.group)
    return archive(membership, user=user, reason=reason or "member removed")


@transaction.atomic
def person_update(
    *, user: User, person: Person, name: str, gender: str, birth_year: int | None = None
) -> Person:
    """Correct a person's name, gender and year of birth (their age group follows)."""
    scope.require_change_village(user, person.village_id)
    person.name, person.gender, person.birth_year = name.strip(), gender, birth_year
    return save_with_history(person, user=user, reason="edited")
