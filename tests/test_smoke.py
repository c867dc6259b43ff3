def test_health_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_every_role_reaches_home(clients):
    for role in ["secretariat_admin", "secretariat", "member_lead", "member_staff", "observer"]:
        assert clients[role].get("/").status_code == 200, role


def test_pages_carry_the_networks_own_header_without_crown_or_gds_font(clients):
    for client, path in ((clients["member_staff"], "/"), (clients["anonymous"], "/sign-in"),
                         (clients["member_staff"], "/accessibility")):
        page = client.get(path).data
        assert b"ukmn-header" in page
        assert b"crown" not in page.lower(), path
        assert b"GDS Transport" not in page


def test_accessibility_statement_is_public(client):
    page = client.get("/accessibility")
    assert page.status_code == 200 and b"WCAG 2.2 AA" in page.data


def test_ids_too_big_for_the_database_are_not_found(clients):
    staff = clients["member_staff"]
    for path in ("/meetings/99999999999999999999", "/items/2147483648",
                 "/api/v1/meetings/99999999999999999999", "/people/1e9", "/actions/-1"):
        assert staff.get(path).status_code == 404, path
