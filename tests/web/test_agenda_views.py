"""Agenda views in Chromium (issue 16): provenance badges on every view, week and list views with
their state in the URL, the today marker, per-event .ics, country names, partial import, phones."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Page, expect

from eurasia.agenda.ical import ILLUSTRATIVE_CATEGORY, TENTATIVE_CATEGORY
from eurasia.agenda.recurrence import expand
from eurasia.agenda.seed import load_seed
from eurasia.web.views.agenda import iso_week
from tests.web.conftest import login, shot

pytestmark = pytest.mark.browser

VTB = "vtb-united-league-astana@eurasia"  # weekly on Fridays, October to April; assumed dates


def _vtb_days(first: date, last: date) -> list[date]:
    """The days the bundled league series falls on, from the domain's own expansion."""
    (event,) = [e for e in load_seed().events if e.uid == VTB]
    return [i.first_day for i in expand([event], first, last + timedelta(days=1))]


def _categories(component: icalendar.cal.Component) -> set[str]:
    value = component.get("CATEGORIES")
    lists = value if isinstance(value, list) else [value]
    return {str(c) for item in lists if item is not None for c in item.cats}


def test_badges_on_every_view_follow_the_data(page: Page) -> None:
    # an editor's own confirmed event has no badge; the bundled, assumed ones carry both
    login(page, "eli")
    page.goto("/agenda/events/new")
    page.get_by_label("Title").fill("Confirmed Kazakh Literature Evening")
    page.get_by_label("Kind").select_option("culture")
    page.get_by_label("Starts").fill("2026-10-09T18:00")
    page.get_by_label("Ends").fill("2026-10-09T20:00")
    page.get_by_label("City").fill("Astana")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("main .badge")).to_have_count(0)
    friday = _vtb_days(date(2026, 10, 5), date(2026, 10, 11))[0]
    views = {
        "month": "/agenda?month=2026-10",
        "week": "/agenda/week?week=2026-W41",
        "list": "/agenda/list?from=2026-10-05&to=2026-10-11",
        "year": "/agenda/year?year=2026",
    }
    for name, url in views.items():
        page.goto(url)
        league = page.locator("li:not(.day), tr").filter(
            has=page.get_by_role("link", name="VTB United League: home games in Astana")
        )
        own = page.locator("li:not(.day), tr").filter(
            has=page.get_by_role("link", name="Confirmed Kazakh Literature Evening")
        )
        expect(league.first.locator(".badge.illustrative"), name).to_have_text("Illustrative")
        expect(league.first.locator(".badge.tentative"), name).to_have_text("Date not confirmed")
        if name != "year":  # the year view lists series, one line each
            expect(own.first, name).to_be_visible()
            expect(own.first.locator(".badge"), name).to_have_count(0)
    cell = page.goto("/agenda?month=2026-10")
    assert cell is not None
    league_cell = page.locator(f'[data-day="{friday.isoformat()}"] li.kind-sport')
    expect(league_cell.locator(".badge")).to_have_count(2)
    page.get_by_role("link", name="VTB United League: home games in Astana").first.click()
    expect(page.locator(".provenance .badge.illustrative")).to_have_attribute(
        "title", re.compile("assumed")
    )
    expect(page.get_by_text("not confirmed: the date is assumed, not announced")).to_be_visible()


def test_week_and_list_views_keep_their_state_in_the_url(page: Page) -> None:
    page.goto("/agenda?month=2026-10&kind=sport")
    page.get_by_role("navigation", name="Agenda views").get_by_role("link", name="Week").click()
    expect(page).to_have_url(re.compile(r"/agenda/week\?week=2026-W40&kind=sport$"))
    page.get_by_role("link", name="Next week").click()
    expect(page).to_have_url(re.compile(r"week=2026-W41"))
    friday = _vtb_days(date(2026, 10, 5), date(2026, 10, 11))[0]
    day = page.locator(f'[data-day="{friday.isoformat()}"]')
    expect(day.get_by_role("link", name="VTB United League: home games in Astana")).to_be_visible()
    expect(day.locator(".time")).to_have_text("19:00–21:00")  # local Astana time
    expect(page.get_by_role("heading", level=1)).to_contain_text("5 Oct")
    page.go_back()
    expect(page).to_have_url(re.compile(r"week=2026-W40"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("28 Sep")
    page.reload()
    expect(page.get_by_label("Kind")).to_have_value("sport")
    page.get_by_role("navigation", name="Agenda views").get_by_role("link", name="List").click()
    expect(page).to_have_url(re.compile(r"/agenda/list\?from=2026-09-28&kind=sport$"))
    rows = page.locator("table.agenda-list tbody tr")
    days = _vtb_days(date(2026, 9, 28), date(2026, 9, 28) + timedelta(days=89))
    expect(rows).to_have_count(len(days))
    expect(rows.first).to_contain_text("Kazakhstan")
    page.get_by_role("link", name="Later").click()
    expect(page).to_have_url(re.compile(r"from=2026-12-27&to=2027-03-26&kind=sport"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/agenda/list\?from=2026-09-28&kind=sport$"))
    page.get_by_role("navigation", name="Agenda views").get_by_role("link", name="Month").click()
    expect(page).to_have_url(re.compile(r"/agenda\?month=2026-09&kind=sport$"))


def test_today_is_marked_in_month_and_week(page: Page) -> None:
    today = date.today().isoformat()
    for url in ("/agenda", "/agenda/week"):
        page.goto(url)
        marked = page.locator('[aria-current="date"]')
        expect(marked).to_have_count(1)
        expect(marked).to_have_attribute("data-day", today)
        expect(marked.locator(".today-mark")).to_have_text("Today")
    # from this month, the other views open at today
    page.goto("/agenda")
    views = page.get_by_role("navigation", name="Agenda views")
    expect(views.get_by_role("link", name="Week")).to_have_attribute(
        "href", f"/agenda/week?week={iso_week(date.today())}"
    )
    expect(views.get_by_role("link", name="List")).to_have_attribute(
        "href", f"/agenda/list?from={today}"
    )
    page.goto("/agenda?month=2020-01")
    expect(page.locator('[aria-current="date"]')).to_have_count(0)
    shot(page, "agenda-week")


def test_event_ics_download_is_the_feeds_vevent(page: Page) -> None:
    page.goto("/agenda/events/" + VTB.replace("@", "%40"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Download .ics").click()
    download = info.value
    assert download.suggested_filename == "vtb-united-league-astana-eurasia.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [VTB]
    (event,) = events
    assert {ILLUSTRATIVE_CATEGORY, TENTATIVE_CATEGORY, "sport"} <= _categories(event)
    assert "Illustrative data: " in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "TENTATIVE"
    # the same writer as the subscription feed: the same component, property for property
    feed = icalendar.Calendar.from_ical(page.request.get("/api/agenda/feeds/all.ics").body())
    (same,) = [e for e in feed.walk("VEVENT") if str(e["UID"]) == VTB]
    assert {k: v for k, v in same.items() if k != "DTSTAMP"} == {
        k: v for k, v in event.items() if k != "DTSTAMP"
    }


def test_country_filter_takes_names_or_codes_and_shows_names(page: Page) -> None:
    page.goto("/agenda/list?from=2026-10-01&to=2026-10-31")
    # suggestions: the countries events take place in, by name
    expect(page.locator('#country-names option[value="Kazakhstan"]')).to_have_count(1)
    expect(page.locator('#country-names option[value="Germany"]')).to_have_count(0)
    page.get_by_label("Country").fill("Kazakhstan")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"country=Kazakhstan"))
    expect(page.get_by_label("Country")).to_have_value("Kazakhstan")
    expect(page.locator("table.agenda-list tbody tr").first).to_contain_text("Astana, Kazakhstan")
    expect(page.get_by_role("link", name="Calendar feed: Kazakhstan")).to_have_attribute(
        "href", re.compile(r"/feeds/country/KZ\.ics$")
    )
    week = page.get_by_role("navigation", name="Agenda views").get_by_role("link", name="Week")
    expect(week).to_have_attribute("href", re.compile(r"country=KZ"))
    count = page.locator("table.agenda-list tbody tr").count()
    page.goto(
        "/agenda/list?from=2026-10-01&to=2026-10-31&country=%D0%9A%D0%B0%D0%B7%D0%B0%D1%85%D1%81%D1%82%D0%B0%D0%BD"
    )
    expect(page.locator("table.agenda-list tbody tr")).to_have_count(count)
    page.goto("/agenda/list?from=2026-10-01&to=2026-10-31&country=de")
    expect(page.get_by_label("Country")).to_have_value("Germany")
    expect(page.locator("table.agenda-list tbody tr")).to_have_text(["No events in these dates."])
    response = page.goto("/agenda?country=Atlantis")
    assert response is not None
    assert response.status == 422
    expect(page.get_by_role("main")).to_contain_text("'Atlantis' is not a country name")


def test_month_titles_are_readable_on_a_phone(phone: Page) -> None:
    phone.goto("/agenda?month=2026-10")
    links = phone.locator(".calendar li a")
    assert links.count() >= 5
    for i in range(links.count()):
        link = links.nth(i)
        box = link.bounding_box()
        assert box is not None
        assert box["width"] >= 250, f"link {i} is {box['width']} px wide"
        clipped = link.evaluate("a => a.scrollWidth > a.clientWidth + 1")
        assert not clipped, f"title {i} is cut off"
    # whole title readable, at least 12 px, with its day written out
    size = links.first.evaluate("a => parseFloat(getComputedStyle(a).fontSize)")
    assert size >= 12
    expect(phone.locator(".calendar .day:not(.empty) .long-date").first).to_be_visible()
    shot(phone, "agenda-month-phone")


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//partner//x//EN\r\n"
    "BEGIN:VEVENT\r\nUID:partner-good@example\r\nSUMMARY:Partner open lecture\r\n"
    "DTSTART;VALUE=DATE:20270210\r\nCATEGORIES:education\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:partner-bad@example\r\nSUMMARY:No start at all\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_partial_import_lists_each_left_out_event(page: Page) -> None:
    login(page, "eli")
    page.goto("/agenda")
    page.get_by_role("link", name="Import a calendar").click()
    files = {"name": "partner.ics", "mimeType": "text/calendar", "buffer": ICS.encode()}
    page.get_by_label("Calendar file").set_input_files(files)  # type: ignore[arg-type]
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-error")).to_contain_text("Nothing was imported.")
    expect(page.locator("#import-error")).to_contain_text("line 10, VEVENT UID=partner-bad@example")
    assert page.request.get("/agenda/events/partner-good@example").status == 404
    page.get_by_label("Calendar file").set_input_files(files)  # type: ignore[arg-type]
    page.get_by_label("Partial import").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 event imported from partner.ics.")
    rows = page.locator("#rejected-events tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(0)).to_have_text("10")
    expect(rows.first).to_contain_text("UID=partner-bad@example")
    expect(rows.first).to_contain_text("DTSTART: missing")
    expect(page.get_by_label("Partial import")).to_be_checked()
    page.get_by_role("link", name="Partner open lecture").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner open lecture")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "every year on the third Saturday of April"),
        ("ru", "каждый год в третью субботу апреля"),
        ("kk", "жыл сайын сәуірдің үшінші сенбісінде"),
    ],
)
def test_event_page_says_the_recurrence_in_words(page: Page, lang: str, words: str) -> None:
    page.goto(f"/agenda/events/university-branches-open-day%40eurasia?lang={lang}")
    expect(page.locator("#repeats")).to_have_text(words)
    rule = page.locator("details.rule code")
    expect(rule).to_be_hidden()  # the raw rule only on request
    page.locator("details.rule summary").click()
    expect(rule).to_have_text("FREQ=YEARLY;BYMONTH=4;BYDAY=3SA")


def test_import_form_takes_files_over_the_request_limit(page: Page) -> None:
    # the form posts to /agenda/import, which has the import limit (10 MiB), not the 1 MiB one
    login(page, "eli")
    page.goto("/agenda/import")
    text = "Long programme notes. " * 100_000  # 2.2 MB
    folded = "\r\n ".join(text[i : i + 70] for i in range(0, len(text), 70))
    big = ICS.replace("SUMMARY:Partner open lecture", "SUMMARY:Big notes\r\nDESCRIPTION:" + folded)
    assert len(big) > 2 * 1024 * 1024
    files = {"name": "big.ics", "mimeType": "text/calendar", "buffer": big.encode()}
    page.get_by_label("Calendar file").set_input_files(files)  # type: ignore[arg-type]
    page.get_by_label("Partial import").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("1 event imported from big.ics.")


def test_event_form_refuses_unknown_countries_and_takes_names(page: Page) -> None:
    login(page, "eli")
    page.goto("/agenda/events/new")
    page.get_by_label("Title").fill("Steppe Poetry Reading")
    page.get_by_label("Starts").fill("2027-02-11T18:00")
    page.get_by_label("Ends").fill("2027-02-11T20:00")
    page.get_by_label("Country").fill("XX")
    page.get_by_label("City").click()
    expect(page.locator("#err-country")).to_have_text(
        "Enter a country name or a two-letter ISO code such as KZ."
    )
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#err-country")).to_have_text(
        "Enter a country name or a two-letter ISO code such as KZ."
    )
    assert page.request.get("/agenda/events/steppe-poetry-reading").status == 404
    page.get_by_label("Country").fill("Казахстан")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("dd").filter(has_text="Kazakhstan")).to_have_count(1)
    page.get_by_role("link", name="Edit event").click()
    expect(page.get_by_label("Country")).to_have_value("KZ")
