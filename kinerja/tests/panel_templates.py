"""Test helper: the names a panel's template reads from its context, to hold it to the panels' contract.

A page includes each panel as ``{% include panel.template with panel=panel.context %}``: a panel's template
reads its figures through ``panel.…``. A name it reads at the top level (``innovation.by_stage``) resolves
to nothing on the page, silently (an empty loop, an empty text), while a test that renders the template
with the panel's context as the whole context sees the figures. ``free_names`` lists such names.
"""

from django.template import loader
from django.template.base import FilterExpression, Node, TokenType, Variable

# Names every page's context holds (context processors, the template engine's own).
PAGE_NAMES = frozenset({"panel", "request", "user", "perms", "csrf_token", "messages", "True", "False", "None"})


def _expressions(value):
    """The filter expressions inside a node's attribute (directly, in lists, tuples, dicts or if-conditions)."""
    if isinstance(value, FilterExpression):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _expressions(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _expressions(item)
    elif hasattr(value, "first") and hasattr(value, "second"):  # an {% if %} operator
        yield from _expressions(getattr(value, "value", None))
        yield from _expressions(value.first)
        yield from _expressions(value.second)


def _root(expression: FilterExpression) -> list[str]:
    names = []
    for variable in [expression.var, *(a for _f, args in expression.filters for _l, a in args)]:
        if isinstance(variable, Variable) and variable.lookups:
            names.append(variable.lookups[0])
    return names


def free_names(template_name: str) -> set[str]:
    """The names ``template_name`` reads that neither the page nor the template itself binds."""
    read: set[str] = set()
    bound: set[str] = set(PAGE_NAMES) | {"forloop"}

    def walk(node: Node) -> None:
        for attr in ("loopvars",):
            bound.update(getattr(node, attr, ()) or ())
        for attr in ("asvar", "countervar", "target_var"):
            if isinstance(getattr(node, attr, None), str):
                bound.add(getattr(node, attr))
        if isinstance(getattr(node, "extra_context", None), dict):
            bound.update(node.extra_context)
        for value in vars(node).values():
            for expression in _expressions(value):
                read.update(_root(expression))
        for token in [*(getattr(node, "singular", None) or []), *(getattr(node, "plural", None) or [])]:
            if getattr(token, "token_type", None) == TokenType.VAR:
                read.add(token.contents.split("|")[0].split(".")[0].strip())
        if hasattr(node, "conditions_nodelists"):
            for condition, _nodelist in node.conditions_nodelists:
                for expression in _expressions(condition):
                    read.update(_root(expression))
        for attr in getattr(node, "child_nodelists", ()):
            for child in getattr(node, attr, None) or []:
                walk(child)

    for node in loader.get_template(template_name).template.nodelist:
        walk(node)
    return read - bound
