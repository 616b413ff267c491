"""Every route declares who may use it, and answers accordingly for every kind of person; and
who may change whom (deactivate, reactivate, roles, manager), whatever page or command asks.

Adding a route without adding it to EXPECTED_POLICIES fails here: that is the point.
"""

import pytest

from app.extensions import db
from app.people.permissions import (
    COMMAND_LINE_ACTOR,
    Actor,
    Change,
    Refusal,
    Subject,
    change_refusal,
)
from app.security import policy_for_endpoint
from tests.conftest import sign_in
from tests.factories import make_person

EXPECTED_POLICIES = {
    "static": "public",
    "people.login": "public",
    "people.logout": "public",
    "people.change_language": "public",
    "people.forgot_password": "public",
    "people.open_reset_link": "public",
    "people.reset_password": "public",
    "people.change_password": "signed_in",
    "people.my_sessions": "signed_in",
    "people.end_session": "signed_in",
    "people.end_other_sessions": "signed_in",
    "learning.home": "signed_in",
    "learning.catalog": "signed_in",
    "learning.track": "signed_in",
    "learning.start_track": "signed_in",
    "learning.course": "signed_in",
    "learning.lesson": "signed_in",
    "learning.mark_read": "signed_in",
    "learning.course_file": "signed_in",
    "learning.charter": "signed_in",
    "learning.accept": "signed_in",
    "quiz.overview": "signed_in",
    "quiz.start": "signed_in",
    "quiz.attempt": "signed_in",
    "quiz.save": "signed_in",
    "quiz.finish": "signed_in",
    "quiz.flag": "signed_in",
    "quiz.summary": "signed_in",
    "quiz.submit": "signed_in",
    "quiz.review": "signed_in",
    "certificates.download_pdf": "signed_in",
    "certificates.download_credential": "signed_in",
    "certificates.download_signed_credential": "signed_in",
    "people.people_import": "hr_or_admin",
    "admin.audit_log": "admin",
    "admin.outbox": "admin",
    "admin.person_sessions": "admin",
    "admin.end_person_sessions": "admin",
    "admin.item_analysis": "admin",
    "admin.course_item_analysis": "admin",
    "admin.course_item_analysis_csv": "admin",
    "assignments.rules": "admin",
    "assignments.new_rule": "admin",
    "assignments.edit_rule": "admin",
    "assignments.delete_rule": "admin",
    "assignments.assign": "manager_hr_or_admin",
    "assignments.preview_assign": "manager_hr_or_admin",
    "assignments.confirm_assign": "manager_hr_or_admin",
    "assignments.assignment": "manager_hr_or_admin",
    "assignments.move_due_date": "manager_hr_or_admin",
    "assignments.withdraw": "manager_hr_or_admin",
    "assignments.team": "manager_hr_or_admin",
    "assignments.team_csv": "manager_hr_or_admin",
    "assignments.remind": "manager_hr_or_admin",
    "assignments.remind_everyone_late": "manager_hr_or_admin",
    # Anyone outside the company checks a certificate: no sign-in, ever.
    "certificates.verify_form": "public",
    "certificates.verify": "public",
    "certificates.verify_json": "public",
    "certificates.jwks": "public",
    "certificates.status_list_credential": "public",
    "champions.champion": "signed_in",
    "champions.directory_choice": "signed_in",
    "champions.directory": "signed_in",
    "champions.roster": "hr_or_admin",
    "champions.roster_csv": "hr_or_admin",
    "certificates.register": "hr_or_admin",
    "certificates.register_zip": "hr_or_admin",
    "certificates.certificate_page": "hr_or_admin",
    "certificates.document_version": "hr_or_admin",
    "certificates.revoke": "hr_or_admin",
    "certificates.reissue": "hr_or_admin",
    "certificates.batch_reissue": "hr_or_admin",
    "certificates.confirm_batch_reissue": "hr_or_admin",
}

ALLOWED = {
    "public": {"anonymous", "employee", "manager", "hr", "admin"},
    "signed_in": {"employee", "manager", "hr", "admin"},
    "manager": {"manager"},
    "hr": {"hr"},
    "admin": {"admin"},
    "hr_or_admin": {"hr", "admin"},
    "manager_hr_or_admin": {"manager", "hr", "admin"},
}
PEOPLE = ("anonymous", "employee", "manager", "hr", "admin")
# Ending a session or a person's sessions by an id that names none: ending the matrix's own
# sessions would sign its people out halfway through.
PLACEHOLDERS = {
    "filename": "relais.css",
    "token": "not-a-token",
    "session_id": "999999",
    "person_id": "999999",
    "assignment_id": "999999",
    "serial": "RL-2026-999999",
}


def test_every_endpoint_declares_the_expected_policy(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(EXPECTED_POLICIES), "update EXPECTED_POLICIES for new routes"
    for endpoint in endpoints:
        policy = policy_for_endpoint(app, endpoint)
        assert policy is not None, f"{endpoint} declares no policy"
        assert policy.name == EXPECTED_POLICIES[endpoint], endpoint


def test_a_route_without_policy_is_refused(app, client):
    @app.get("/forgotten")
    def forgotten():
        return "should never be served"

    response = client.get("/forgotten")
    assert response.status_code == 403
    assert "should never be served" not in response.get_data(as_text=True)


def _clients(app):
    clients = {"anonymous": app.test_client()}
    roles = {"employee": (), "manager": (), "hr": ("hr",), "admin": ("admin",)}
    for name, granted in roles.items():
        person = make_person(roles=granted)
        if name == "manager":
            make_person(manager=person)
        db.session.commit()
        clients[name] = app.test_client()
        assert sign_in(clients[name], person.email).status_code == 302
    return clients


def _requests(app):
    # Signing out ends the session the other requests rely on, so it goes last.
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint == "people.logout")
    for rule in rules:
        url = rule.build({arg: PLACEHOLDERS.get(arg, "1") for arg in rule.arguments})[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule.endpoint, method, url


def test_matrix_of_routes_and_people(app):
    clients = _clients(app)
    failures = []
    for endpoint, method, url in _requests(app):
        allowed = ALLOWED[EXPECTED_POLICIES[endpoint]]
        for who in PEOPLE:
            response = clients[who].open(url, method=method)
            response.close()
            location = response.headers.get("Location", "")
            refused = response.status_code in (401, 403) or location.startswith("/login?")
            if (who in allowed) == refused:
                failures.append(f"{method} {url} as {who}: {response.status_code} {location}")
            if who not in allowed:
                expected = _refusal_for(who, method)
                if response.status_code != expected:
                    failures.append(
                        f"{method} {url} as {who}: {response.status_code} != {expected}"
                    )
    assert failures == [], "\n".join(failures)


def _refusal_for(who: str, method: str) -> int:
    if who == "anonymous":
        return 302 if method == "GET" else 401
    return 403


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_get_requests_change_nothing(app, who):
    """No state change on GET: every GET route leaves every table's row count as it was."""
    clients = _clients(app)
    before = _row_counts()
    for _endpoint, method, url in _requests(app):
        if method == "GET":
            clients[who].get(url).close()
            clients["admin"].get(url).close()
    assert _row_counts() == before


def _row_counts():
    from sqlalchemy import func, select

    from app.audit.models import AuditEvent

    counts = {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
    # A refused GET is audited (a security event): that row is the refusal, not a change.
    counts["audit_event"] = db.session.scalar(
        select(func.count()).where(AuditEvent.action.notlike("security.%"))
    )
    return counts


# --- who may change whom (app.people.permissions.change_refusal) -----------------------------

ACTORS = {
    "hr": Actor("rh@relais.example", frozenset({"hr"})),
    "admin": Actor("admin@relais.example", frozenset({"admin"})),
    "command line": COMMAND_LINE_ACTOR,
}
SUBJECTS = {
    "employee": Subject("employe@relais.example", frozenset(), active=True),
    "hr": Subject("rh2@relais.example", frozenset({"hr"}), active=True),
    "other admin": Subject("admin2@relais.example", frozenset({"admin"}), active=True),
    "deactivated admin": Subject("ancien@relais.example", frozenset({"admin"}), active=False),
}
# Refused for every change (deactivate, reactivate, roles, manager); the rest are allowed.
ADMINS_ONLY = {("hr", "other admin"), ("hr", "deactivated admin")}


@pytest.mark.parametrize("change", list(Change))
@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_change_whom_while_an_admin_remains(actor, subject, change):
    admins_after = frozenset({"admin@relais.example"})
    refusal = change_refusal(ACTORS[actor], SUBJECTS[subject], change, admins_after)
    expected = Refusal.ADMINS_ONLY if (actor, subject) in ADMINS_ONLY else None
    assert refusal is expected


@pytest.mark.parametrize("actor", ["admin", "command line"])
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (Change.DEACTIVATE, Refusal.LAST_ADMIN),
        (Change.ROLES, Refusal.LAST_ADMIN),
        (Change.REACTIVATE, None),
        (Change.MANAGER, None),
    ],
)
def test_nobody_takes_away_the_last_active_admin(actor, change, expected):
    last = Subject("admin2@relais.example", frozenset({"admin"}), active=True)
    # The change leaves no active admin: the subject was the last one.
    assert change_refusal(ACTORS[actor], last, change, frozenset()) is expected


def test_hr_meets_the_admin_rule_before_the_last_admin_rule():
    last = Subject("admin2@relais.example", frozenset({"admin"}), active=True)
    refusal = change_refusal(ACTORS["hr"], last, Change.DEACTIVATE, frozenset())
    assert refusal is Refusal.ADMINS_ONLY


@pytest.mark.parametrize(
    ("change", "admins_after", "expected"),
    [
        (Change.DEACTIVATE, {"admin2@relais.example"}, Refusal.OWN_DEACTIVATION),
        (Change.ROLES, {"admin2@relais.example"}, Refusal.OWN_ADMIN_ROLE),
        (Change.ROLES, {"admin@relais.example"}, None),  # roles change, admin kept
        (Change.MANAGER, set(), None),
    ],
)
def test_an_admin_changing_themselves(change, admins_after, expected):
    themselves = Subject("admin@relais.example", frozenset({"admin"}), active=True)
    refusal = change_refusal(ACTORS["admin"], themselves, change, frozenset(admins_after))
    assert refusal is expected


def test_a_deactivated_admin_is_not_the_last_admin():
    old = SUBJECTS["deactivated admin"]
    assert change_refusal(COMMAND_LINE_ACTOR, old, Change.ROLES, frozenset()) is None
