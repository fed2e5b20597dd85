// Headless Chromium for the tests that look at pages the way a reader does:
// the docs site and the HTML report must render, not be blank.
//
// Each call starts a fresh headless Chromium with its own throw-away profile,
// bounded by a wall-clock limit, so tests can run side by side.
#pragma once

#include <filesystem>
#include <string>

namespace ptlabs::e2e {

// The Chromium binary on PATH (chromium, chromium-browser, google-chrome), or
// empty when none is installed. run.sh installs Debian's `chromium` for the tests.
std::string chromium_binary();

// Loads the local file `html` and stores the DOM after layout in *dom.
// False (with *err naming the command and its output) on failure.
bool chromium_dump_dom(const std::filesystem::path& html, std::string* dom, std::string* err);

// Renders `html` in a window of width x height CSS pixels and writes a PNG
// screenshot to `png`. False (with *err) on failure.
bool chromium_screenshot(const std::filesystem::path& html, const std::filesystem::path& png,
                         int width, int height, std::string* err);

// The share of the PNG's pixels that differ from its dominant colour (the page
// background): 0 for a blank page. Returns a negative number (with *err) when the
// file cannot be read as a PNG. Uses tools/png_ink.py.
double png_ink_fraction(const std::filesystem::path& png, std::string* err);

}  // namespace ptlabs::e2e
