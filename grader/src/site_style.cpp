// The documentation site's style sheet. System fonts only and no url()s, so
// the site looks the same offline as online.
#include "site_html.hpp"

namespace ptlabs::grader {

const char* site_css() {
  return R"css(:root {
  --text: #1f2328; --muted: #59636e; --bg: #ffffff; --side: #f6f8fa; --line: #d1d9e0;
  --link: #0969da; --code: #eff1f3; --note: #fff8c5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6edf3; --muted: #9198a1; --bg: #0d1117; --side: #151b23; --line: #3d444d;
    --link: #4493f8; --code: #1f242c; --note: #3b2e0a;
  }
}
* { box-sizing: border-box; }
html { font-size: 16px; }
body {
  margin: 0; color: var(--text); background: var(--bg);
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif;
  line-height: 1.55; display: grid; grid-template-columns: 17rem minmax(0, 1fr);
  min-height: 100vh;
}
a { color: var(--link); }
.sidebar {
  background: var(--side); border-right: 1px solid var(--line); padding: 1rem 1.2rem;
  position: sticky; top: 0; height: 100vh; overflow-y: auto; font-size: 0.92rem;
}
.sidebar h2 {
  font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
  margin: 1.4rem 0 0.4rem;
}
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar li { margin: 0.25rem 0; }
.sidebar a { text-decoration: none; }
.sidebar a[aria-current="page"] { font-weight: 700; color: var(--text); }
.sidebar .home { font-weight: 700; font-size: 1.05rem; margin: 0; }
main { padding: 1.5rem 2.5rem 3rem; max-width: 52rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.8rem 0 0.8rem; }
h1 { font-size: 2rem; margin-top: 0.5rem; }
h2 { font-size: 1.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
.anchor { visibility: hidden; text-decoration: none; color: var(--muted); font-weight: 400; }
h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor { visibility: visible; }
code, pre {
  font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", monospace;
  font-size: 0.88em;
}
code { background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code); padding: 0.9rem 1rem; overflow-x: auto; border-radius: 6px; }
pre code { background: none; padding: 0; }
pre.source { counter-reset: line; }
pre.source .line { display: block; }
pre.source .line::before {
  counter-increment: line; content: counter(line); display: inline-block; width: 3.2em;
  margin-right: 1em; text-align: right; color: var(--muted);
}
pre.source .line:target { background: var(--note); }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.7rem; vertical-align: top; }
th { background: var(--side); text-align: left; }
blockquote { margin: 1rem 0; padding: 0 1rem; color: var(--muted); border-left: 4px solid var(--line); }
details {
  border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.9rem; margin: 0.8rem 0;
}
summary { cursor: pointer; font-weight: 600; }
.facts {
  background: var(--side); border: 1px solid var(--line); border-radius: 6px;
  padding: 0.2rem 1rem; margin: 1rem 0 1.5rem;
}
.facts details { background: var(--bg); }
.note { background: var(--note); padding: 0.6rem 0.9rem; border-radius: 6px; }
.unmeasured { font-style: italic; color: var(--muted); }
.machine { color: var(--muted); font-size: 0.9rem; }
.contents li { margin: 0.35rem 0; }
.contents .teaches { color: var(--muted); font-size: 0.92rem; }
.pager {
  display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem;
  padding-top: 1rem; border-top: 1px solid var(--line);
}
.pager .next { margin-left: auto; text-align: right; }
@media (max-width: 50rem) {
  body { display: block; }
  .sidebar { position: static; height: auto; border-right: none; border-bottom: 1px solid var(--line); }
  main { padding: 1rem; }
}
@media print { .sidebar, .pager, .anchor { display: none; } body { display: block; } }
)css";
}

}  // namespace ptlabs::grader
