def test_health_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_every_role_reaches_home(clients):
    for role in ["secretariat_admin", "secretariat", "member_lead", "member_staff", "observer"]:
        assert clients[role].get("/").status_code == 200, role
