"""The app shell in Chromium: home page with sourced figures, sign-in, keyboard, phone layout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import login, shot

pytestmark = pytest.mark.browser


def test_home_shows_sourced_figures_and_pillars(page: Page) -> None:
    response = page.goto("/")
    assert response is not None
    assert response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Kazakhstan in Greater Eurasia")
    cards = page.locator("#key-figures + ul .card")
    expect(cards.first).to_contain_text("Source:")
    assert cards.count() >= 4
    for name in ("Corridors", "Indicators", "Agenda"):
        expect(
            page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        ).to_be_visible()
    shot(page, "home")


def test_skip_link_is_first_tab_stop(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_in_wrong_then_right_and_out(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill("eli")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    login(page, "eli")
    expect(page.get_by_role("link", name=re.compile(r"eli \(editor\)"))).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_api_token_from_account_page(page: Page) -> None:
    login(page, "vic")
    page.goto("/account")
    page.get_by_label("Token name").fill("browser test")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("eat_")
    me = page.request.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["user"]["username"] == "vic"


def test_phone_layout_has_menu_button(phone: Page) -> None:
    phone.goto("/")
    nav = phone.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    phone.get_by_role("button", name="Menu").click()
    expect(nav).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(phone, "home-phone")
