"""Read a page's form as a browser would submit it, to post an edit form back unchanged."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self.depth = 0  # > 0 inside a form
        self._select: str | None = None
        self._select_first: str | None = None
        self._selected = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        self.forms[-1].setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
            self.depth = 1
            return
        if not self.depth:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in {"submit", "button", "file", "reset", "image"}:
                self._add(name, attrs.get("value", ""))
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._select_first, self._selected = name, None, False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._selected = True
                self._add(self._select, value)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth = 0
        elif tag == "select" and self._select:
            if not self._selected and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_values(html: str, containing: str) -> dict[str, list[str]]:
    """The name → values a browser would send for the page's form that has a field ``containing``."""
    reader = _FormReader()
    reader.feed(html)
    matching = [form for form in reader.forms if containing in form]
    assert len(matching) == 1, f"{len(matching)} forms with {containing!r}"
    return matching[0]


def resubmit_data(response, containing: str) -> dict[str, list[str]]:
    """The data to post a rendered form back unchanged (a value list per name, as the test client takes it)."""
    return form_values(response.content.decode(), containing)
