"""Every message the code and the templates use has an Indonesian translation in the catalogue.

The messages are read the way ``makemessages`` reads them (Python calls of the gettext family with a
literal, and Django's own template parser for ``{% translate %}`` and ``{% blocktranslate %}``), without
running it: the catalogue is edited by hand (see the brief in the README on translations).
"""

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"\b(gettext|ngettext|pgettext|npgettext|_)\(\s*({LITERAL})(?:\s*,\s*({LITERAL}))?")


def python_messages():
    """Yield (path, context, msgid) for every gettext call with a literal in the application's Python code."""
    for path in sorted(ROOT.rglob("*.py")):
        if {"migrations", "tests"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
            if name in SINGULAR | PLURAL and args and args[0] is not None:
                yield path, "", args[0]
            elif name in CONTEXT | CONTEXT_PLURAL and len(args) > 1 and None not in args[:2]:
                yield path, args[0], args[1]


def template_messages():
    """Yield (path, context, msgid) for every translated string of every template."""
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in TEMPLATE_CALL.finditer(code):
            function, first, second = match.group(1), match.group(2), match.group(3)
            first = ast.literal_eval(first.removeprefix("u"))
            if function in ("pgettext", "npgettext"):
                yield path, first, ast.literal_eval(second.removeprefix("u"))
            else:
                yield path, "", first


def _catalogue():
    return {(e.msgctxt or "", e.msgid): e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}


def test_the_extraction_finds_messages_of_python_code_and_of_templates():
    python = {msgid for _p, _c, msgid in python_messages()}
    templates = {msgid for _p, _c, msgid in template_messages()}
    assert "You are not allowed to do this." in python and "Skip to content" in templates
    assert "Page %(n)s of %(total)s" in templates  # blocktranslate, with its variables as placeholders


def test_every_message_used_has_an_indonesian_translation():
    catalogue = _catalogue()
    missing = sorted(
        {
            f"{path.relative_to(ROOT.parent)}: {msgid!r}"
            for path, context, msgid in [*python_messages(), *template_messages()]
            if not (catalogue.get((context, msgid)) and catalogue[(context, msgid)].translated())
        }
    )
    assert missing == []


# Words Indonesian writes as English does (loanwords, names, abbreviations): the only msgstrs that may equal their msgid.
SAME_IN_INDONESIAN = {
    "Administrator", "Operator", "NIP", "hash", "Hash", "PDF", "status", "Status", "Target", "target", "April",
    "September", "November", "SHA-256", "RPJMD", "Renstra", "Program", "label", "ind.", "Excel", "APBN (Rp)",
    "BUMN (Rp)", "BUMD (Rp)", "Semester", "Diploma (D1–D3)", "TNI/Polri", "Bahasa Indonesia", "English", "Menu", "Token", "token", "JavaScript", "LKjIP", "ASN", "digital", "video", "IKM", "program",
}  # fmt: skip


def test_no_message_is_left_in_english_as_its_own_translation():
    same = {e.msgid for e in polib.pofile(str(CATALOGUE)) if e.translated() and e.msgstr == e.msgid}
    assert same - SAME_IN_INDONESIAN == set()
