"""The catalogue is data, in a real browser: the secretariat adds a data element to the
online-services form, an indicator over it and a target for 2026, picked by its name ("Năm
2026"); Hà Nội's reporter enters the element's value for a month of 2026 beside the other
values; the indicator's page shows the figure beside the target."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

ELEMENT = "records_signed_browser"
CODE = "signed_records_browser"


def test_the_secretariat_adds_an_indicator_and_a_target_and_a_province_reports(
    page_as: Callable[..., Page],
) -> None:
    secretariat = page_as("thuky")
    secretariat.goto("/indicators/catalogue/elements/new/")
    secretariat.select_option("#id_dataset", "public_services")
    secretariat.fill("#id_code", ELEMENT)
    secretariat.fill("#id_name_vi", "Hồ sơ được ký số (thử nghiệm)")
    secretariat.select_option("#id_value_type", "count")
    secretariat.select_option("#id_time_aggregation", "sum")
    secretariat.locator("main form button[type=submit]").click()
    expect(secretariat.locator(".alert-success")).to_be_visible()

    secretariat.goto("/indicators/catalogue/indicators/new/")
    secretariat.fill("#id_code", CODE)
    secretariat.fill("#id_name_vi", "Số hồ sơ được ký số (thử nghiệm)")
    secretariat.select_option("#id_group", "operational")
    secretariat.select_option("#id_formula", "sum")
    secretariat.select_option("#id_term_1", ELEMENT)
    secretariat.fill("#id_unit", "hồ sơ")
    secretariat.select_option("#id_direction", "higher")
    secretariat.select_option("#id_monitor", "VPCP")
    secretariat.locator("main form button[type=submit]").click()
    secretariat.wait_for_url(f"**/indicators/{CODE}/targets/")

    # The period is picked by its name, never typed as a code.
    secretariat.locator("#t-period").select_option(label="Năm 2026")
    secretariat.fill("#t-value", "1200")
    secretariat.locator("#t-value").press("Enter")
    target = secretariat.locator("#target-table [data-target='national-2026'] [data-value]")
    expect(target).to_contain_text("1.200")

    reporter = page_as("baocao.hanoi")
    reporter.goto("/indicators/entry/?dataset=public_services&org=01&period=202603")
    reporter.fill(f"#v-{ELEMENT}", "345")
    reporter.locator("button[name=action][value=save]").click()
    expect(reporter.locator(".alert-success")).to_be_visible()

    secretariat.goto(f"/indicators/{CODE}/?period=2026")
    expect(secretariat.locator("[data-figure=total]").first).to_contain_text("345")
    # The target beside it (its number format everywhere is issue 15's).
    expect(secretariat.locator("main")).to_contain_text(re.compile(r"1\.?200"))
