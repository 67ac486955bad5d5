"""deploy/compose.yaml, read without Docker (none runs here): every service is there, every file
it names exists, and the application containers get what production settings require."""

import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
APP = ("setup", "web", "worker", "scheduler")


def test_the_stack_has_every_service_the_issue_names():
    named = {"web", "worker", "scheduler", "postgres", "elasticsearch", "nginx"}
    assert set(COMPOSE["services"]) >= named


def test_the_application_containers_get_every_required_setting():
    production = (DEPLOY.parent / "portal/settings/production.py").read_text()
    match = re.search(r"REQUIRED = \(([^)]*)\)", production)
    assert match is not None, "portal/settings/production.py has no REQUIRED = (...)"
    required = match.group(1)
    names = set(re.findall(r'"([A-Z_]+)"', required))
    from_env_file = {"SECRET_KEY", "ALLOWED_HOSTS"}  # deploy/.env, copied from env.example
    for name in APP:
        service = COMPOSE["services"][name]
        assert service["env_file"] == ".env"
        assert names - from_env_file <= set(service["environment"]), name
        assert service["environment"]["PORTAL_TASKS"] == "database"


def test_files_the_compose_file_names_exist():
    build = COMPOSE["services"]["web"]["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    for volume in COMPOSE["services"]["nginx"]["volumes"]:
        source = volume.split(":")[0]
        if source.startswith("./"):
            assert (DEPLOY / source).exists(), source
    scheduler = COMPOSE["services"]["scheduler"]["command"].split()[-1]
    assert (DEPLOY.parent / scheduler).is_file()


def test_gunicorn_and_nginx_meet_at_the_same_socket():
    bind = COMPOSE["services"]["web"]["environment"]["GUNICORN_BIND"]
    upstream = (DEPLOY / "nginx/portal-http.conf").read_text()
    assert bind.startswith("unix:") and bind in upstream
    assert any(v.endswith(":/run/portal") for v in COMPOSE["services"]["nginx"]["volumes"])


def test_the_due_harvests_run_every_minute_on_systemd_and_in_compose():
    systemd = DEPLOY / "systemd"
    assert "OnCalendar=*-*-* *:*:00" in (systemd / "portal-harvest-due.timer").read_text()
    service = (systemd / "portal-harvest-due.service").read_text()
    assert "ExecStart=/srv/portal/app/.venv/bin/python manage.py harvest --due\n" in service
    scheduler = DEPLOY.parent / COMPOSE["services"]["scheduler"]["command"].split()[-1]
    assert "python manage.py harvest --due" in scheduler.read_text()
