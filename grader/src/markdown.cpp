#include "markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>

namespace ptlabs::grader {
namespace {

// Raw HTML kept (hints in <details>); typographic quotes left alone so code
// words in prose stay greppable.
constexpr int kOptions = CMARK_OPT_UNSAFE | CMARK_OPT_GITHUB_PRE_LANG;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tasklist"};

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

// Decodes one UTF-8 code point at s[*i] and advances *i; a bad byte is taken alone.
char32_t next_code_point(std::string_view s, size_t* i) {
  const auto lead = static_cast<unsigned char>(s[*i]);
  const size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
  if (*i + len > s.size() || len == 1) {
    ++*i;
    return lead;
  }
  char32_t cp = lead & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += len;
  return cp;
}

// Non-ASCII punctuation and symbols GitHub drops from anchors (the common blocks).
bool is_unicode_punctuation(char32_t cp) {
  return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) || cp >= 0x1F000;
}

// The plain text of an inline tree: text and code literals, breaks as spaces.
std::string plain_text(cmark_node* node) {
  std::string text;
  cmark_iter* iter = cmark_iter_new(node);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* cur = cmark_iter_get_node(iter);
    if (ev != CMARK_EVENT_ENTER) continue;
    switch (cmark_node_get_type(cur)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        text += cmark_node_get_literal(cur);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        text += ' ';
        break;
      default:
        break;
    }
  }
  cmark_iter_free(iter);
  return text;
}

// Replaces a link or image node by its children (its text stays, the link goes).
void unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) cmark_node_insert_before(node, child);
  cmark_node_free(node);  // unlinks it too
}

}  // namespace

std::string heading_slug(std::string_view heading_text) {
  std::string slug;
  for (size_t i = 0; i < heading_text.size();) {
    const size_t start = i;
    const char32_t cp = next_code_point(heading_text, &i);
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        slug += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        slug += c;
      } else if (c == ' ') {
        slug += '-';
      }
    } else if (!is_unicode_punctuation(cp)) {
      slug.append(heading_text.substr(start, i - start));
    }
  }
  return slug;
}

bool render_markdown(std::string_view text, const UrlRewriter& rewrite, RenderedMarkdown* out,
                     std::string* err) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  std::unique_ptr<cmark_parser, ParserFree> parser(cmark_parser_new(kOptions));
  if (!parser) {
    *err = "cmark-gfm could not create a parser (out of memory?)";
    return false;
  }
  for (const char* name : kExtensions) {
    cmark_syntax_extension* ext = cmark_find_syntax_extension(name);
    if (ext == nullptr) {
      *err = std::string("cmark-gfm lacks its '") + name +
             "' extension; install libcmark-gfm-extensions-dev";
      return false;
    }
    cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  std::unique_ptr<cmark_node, NodeFree> doc(cmark_parser_finish(parser.get()));
  if (!doc) {
    *err = "cmark-gfm could not parse the Markdown (out of memory?)";
    return false;
  }

  // Collect first, edit after: the iterator must not see the tree change under it.
  std::vector<cmark_node*> headings;
  std::vector<cmark_node*> links;
  cmark_iter* iter = cmark_iter_new(doc.get());
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* cur = cmark_iter_get_node(iter);
    const cmark_node_type type = cmark_node_get_type(cur);
    if (type == CMARK_NODE_HEADING) headings.push_back(cur);
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) links.push_back(cur);
  }
  cmark_iter_free(iter);

  RenderedMarkdown result;
  std::set<std::string> used;
  for (cmark_node* heading : headings) {
    const std::string heading_text = plain_text(heading);
    if (result.title.empty() && cmark_node_get_heading_level(heading) == 1) {
      result.title = heading_text;
    }
    const std::string base = heading_slug(heading_text);
    std::string id = base;
    for (int n = 1; id.empty() || used.count(id) != 0; ++n) id = base + "-" + std::to_string(n);
    used.insert(id);
    result.heading_ids.push_back(id);
    // An anchor at the end of the heading: the target of "#id" and a link to copy.
    cmark_node* anchor = cmark_node_new(CMARK_NODE_HTML_INLINE);
    const std::string html = " <a class=\"anchor\" id=\"" + id + "\" href=\"#" + id +
                             "\" aria-label=\"link here\">#</a>";
    cmark_node_set_literal(anchor, html.c_str());
    cmark_node_append_child(heading, anchor);
  }
  if (rewrite) {
    for (cmark_node* link : links) {
      const char* url = cmark_node_get_url(link);
      const std::optional<std::string> to = rewrite(url == nullptr ? "" : url);
      if (to) {
        cmark_node_set_url(link, to->c_str());
      } else {
        unwrap(link);
      }
    }
  }

  char* html =
      cmark_render_html(doc.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
  if (html == nullptr) {
    *err = "cmark-gfm could not render HTML (out of memory?)";
    return false;
  }
  result.html = html;
  std::free(html);
  *out = std::move(result);
  return true;
}

}  // namespace ptlabs::grader
