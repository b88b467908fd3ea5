import pytest

from kinerja.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_logs_in_and_walks_the_tree(world, page):
    log_in(page, "dinkes_operator", "test-password-1")
    page.click("nav >> text=Rencana")  # the plan's pages are under one entry of the navigation
    page.click("nav >> text=Pohon kinerja")
    page.wait_for_selector("text=Sumsel Maju Terus untuk Semua")

    # The vision and its missions are shown; open a mission, its goal, then the objective, with HTMX.
    page.click(f'[data-target="children-{world.mission.pk}"]')
    page.wait_for_selector(f"#children-{world.mission.pk} >> text=Tujuan SDM")
    page.click(f'[data-target="children-{world.goal.pk}"]')
    page.wait_for_selector(f"#children-{world.goal.pk} >> text=Sasaran kesehatan")
    page.click(f'[data-target="children-{world.objective.pk}"]')
    program = page.wait_for_selector(f"#children-{world.objective.pk} >> text=Program upaya kesehatan")
    assert page.locator(f"#children-{world.objective.pk} >> text=Program pengelolaan pendidikan").count() == 0

    # Collapse and reopen without another request.
    page.click(f'[data-target="children-{world.objective.pk}"]')
    assert page.locator(f"#children-{world.objective.pk}").is_hidden()
    page.click(f'[data-target="children-{world.objective.pk}"]')
    assert page.locator(f"#children-{world.objective.pk}").is_visible()

    program.click()
    page.wait_for_selector("h1 >> text=Program upaya kesehatan")
    assert page.locator("text=Angka kematian ibu").count() == 1
    assert page.locator("text=Ubah").count() == 0  # an operator cannot edit the plan
    page.click("text=Fasilitas kesehatan")
    page.click("text=Rehabilitasi dan Pemeliharaan Rumah Sakit")
    page.wait_for_selector("h1 >> text=Rehabilitasi dan Pemeliharaan Rumah Sakit")
    assert page.locator("td >> text=Jumlah Sarana, Prasarana dan Alat Kesehatan").count() == 1

    # Searching narrows the tree to matching nodes with their path.
    page.goto(f"{page.base_url}/plan/?q=rumah")
    page.wait_for_selector(".list-group-item >> text=Rehabilitasi dan Pemeliharaan Rumah Sakit")
    assert page.js_errors == []
